"""``GET /api/export``: a clipping export (*kliping*) of any search as CSV, XLSX or PDF.

The search parameters are ``/api/search``'s (``q``, ``from``, ``to``, ``outlet``, ``agency``,
``sentiment``, ``agency_tone``); ``format`` picks the file and ``lang`` the language of its
headers and texts. The CSV is streamed line by line as the store is read; XLSX and PDF are written
to a temporary file that spills to disk past a few megabytes, then streamed, so an export of ten
thousand articles does not sit in memory. What the export covers is in the headers too:
``X-Pantau-Total`` (all matches) and ``X-Pantau-Exported`` (the rows in the file).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from search_api.app.deps import AgencyNamesDep, SettingsDep, StoreDep
from search_api.app.filters import SearchFiltersDep
from search_api.app.schemas import ErrorOut
from search_api.exports.run import MEDIA_TYPES, ExportFormat, prepare
from search_api.i18n import Language

router = APIRouter(prefix="/api", tags=["export"])
# Past this a file being written moves from memory to disk.
SPOOL_BYTES = 8 * 1024 * 1024
CHUNK = 64 * 1024
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {media: {} for media in MEDIA_TYPES.values()},
        "description": "the export file (Content-Disposition: attachment)",
    },
    400: {"model": ErrorOut, "description": "malformed query or filter"},
}


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    while chunk := spool.read(CHUNK):
        yield chunk


@router.get("/export", response_class=StreamingResponse, responses=_RESPONSES)
def export(
    store: StoreDep,
    settings: SettingsDep,
    names: AgencyNamesDep,
    search: SearchFiltersDep,
    export_format: Annotated[ExportFormat, Query(alias="format")] = "xlsx",
    lang: Language = "id",
) -> StreamingResponse:
    job = prepare(
        store,
        search.filters,
        export_format,
        tz_name=settings.schedule.timezone,
        names=names,
        language=lang,
    )
    headers = {
        "Content-Disposition": f'attachment; filename="{job.filename()}"',
        "X-Pantau-Total": str(job.summary.scope.total),
        "X-Pantau-Exported": str(job.summary.scope.exported),
    }
    media_type = MEDIA_TYPES[export_format]
    if export_format == "csv":
        return StreamingResponse(job.csv(), media_type=media_type, headers=headers)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed after sending
    job.write(spool)
    spool.seek(0)
    return StreamingResponse(
        _chunks(spool),
        media_type=media_type,
        headers=headers,
        background=BackgroundTask(spool.close),
    )
