"""Staff corrections of tone (:mod:`search_api.corrections`).

``POST /api/articles/{id}/corrections`` corrects the article's tone (no ``agency_id``) or the tone
towards one agency it covers, with a reason and who; the store is written at once, so every count
uses it. ``GET`` on the same path lists the article's corrections, newest first.
``GET /api/corrections/export`` streams them as JSON lines, labelled data for the tone model.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from search_api.app.deps import OfficeDep, StoreDep
from search_api.app.schemas import CorrectionOut
from search_api.corrections.apply import correct
from search_api.corrections.export import jsonl_lines
from search_api.corrections.ledger import CorrectionError, history
from search_api.store import StoreError

router = APIRouter(tags=["corrections"])


class CorrectionIn(BaseModel):
    tone: Literal["positive", "neutral", "negative"]
    agency_id: str | None = Field(
        default=None,
        max_length=200,
        description="the agency whose tone this is; none: the article's",
    )
    reason: str = Field(
        max_length=1000, examples=["Berita ini tentang bantuan BPBD, bukan kritik."]
    )
    corrected_by: str = Field(max_length=200, examples=["Amsiyah (Humas)"])


ARTICLE_CORRECTIONS = "/api/articles/{article_id}/corrections"


@router.post(ARTICLE_CORRECTIONS, status_code=201, response_model=CorrectionOut)
def add_correction(
    article_id: str, body: CorrectionIn, office: OfficeDep, store: StoreDep
) -> CorrectionOut:
    try:
        made, _ = correct(
            office,
            store,
            article_id,
            agency_id=body.agency_id,
            tone=body.tone,
            reason=body.reason,
            corrected_by=body.corrected_by,
        )
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from exc
    except CorrectionError as exc:
        raise HTTPException(400, str(exc)) from exc
    except StoreError as exc:
        raise HTTPException(503, f"article store: {exc}") from exc
    return CorrectionOut.model_validate(made)


@router.get(ARTICLE_CORRECTIONS, response_model=list[CorrectionOut])
def list_corrections(article_id: str, office: OfficeDep) -> list[CorrectionOut]:
    return [CorrectionOut.model_validate(c) for c in history(office, article_id)]


@router.get(
    "/api/corrections/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def export_corrections(
    office: OfficeDep,
    include_history: Annotated[bool, Query(alias="history")] = False,
) -> StreamingResponse:
    # Read whole before answering: the office connection closes with the request's dependencies.
    # Corrections are made by hand, so even years of them are a small file.
    lines: Iterator[str] = iter(list(jsonl_lines(office, history=include_history)))
    headers = {"Content-Disposition": 'attachment; filename="pantau-koreksi-nada.jsonl"'}
    return StreamingResponse(lines, media_type="application/x-ndjson", headers=headers)
