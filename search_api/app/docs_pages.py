"""``/docs`` (Swagger UI) and ``/redoc`` served with their scripts and styles from this server.

FastAPI's own pages load Swagger UI from a CDN, so on an office network without internet, or
behind a strict proxy, ``/docs`` was blank. The assets come from the ``fastapi-offline`` package,
which ships them as package data; only its files are used, not its ``FastAPI`` subclass.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_MOUNT = "/docs-assets"


def assets_dir() -> Path:
    return Path(str(resources.files("fastapi_offline").joinpath("static")))


def install(app: FastAPI) -> None:
    """Adds ``/docs``, ``/redoc`` and their assets; create the app with ``docs_url=None`` and
    ``redoc_url=None``."""
    router = APIRouter(include_in_schema=False)
    title = f"{app.title} — docs"

    @router.get("/docs", response_class=HTMLResponse)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=title,
            swagger_js_url=f"{ASSETS_MOUNT}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_MOUNT}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_MOUNT}/favicon.png",
        )

    @router.get("/redoc", response_class=HTMLResponse)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=title,
            redoc_js_url=f"{ASSETS_MOUNT}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_MOUNT}/favicon.png",
            with_google_fonts=False,
        )

    app.include_router(router)
    app.mount(ASSETS_MOUNT, StaticFiles(directory=assets_dir()), name="docs-assets")
