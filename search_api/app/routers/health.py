"""``GET /healthz``: is the API up and does the store answer?"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from search_api.app.deps import StoreDep
from search_api.app.schemas import HealthOut

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthOut, responses={503: {"model": HealthOut}})
def healthz(store: StoreDep) -> HealthOut | JSONResponse:
    if not store.ping():
        body = HealthOut(status="unavailable", store="unreachable", articles=None)
        return JSONResponse(status_code=503, content=body.model_dump())
    return HealthOut(status="ok", store="ok", articles=store.count())
