"""The web UI for humas staff: server-rendered pages in Indonesian (English via ``?lang=en``).

``router`` holds the pages (``/`` search, ``/artikel/{id}`` article); ``static_files()`` serves
the stylesheet and icons, mounted by ``create_app`` at ``/static`` under the name ``static``.
No JavaScript is needed: every page is a link or a GET form. See ``docs/ui.md``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.staticfiles import StaticFiles

from search_api.app.ui import (
    admin_users,
    article_page,
    dashboard_page,
    login_page,
    partners_page,
    releases_page,
    saved_alerts,
    saved_editor,
    saved_pages,
    saved_preview,
    search_page,
    unsubscribe_page,
)
from search_api.app.ui.same_origin import same_origin

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# Every form the UI accepts must come from its own pages (same_origin.py).
router = APIRouter(dependencies=[Depends(same_origin)])
router.include_router(login_page.router)
router.include_router(search_page.router)
router.include_router(article_page.router)
# The overview (/ringkasan): tone over time and share of voice.
router.include_router(dashboard_page.router)
# Instant alerts of a recipient (a form on /tersimpan; docs/alerts.md). Before saved_pages, whose
# /tersimpan/{id}/langganan/{sub_id}/{action} would otherwise take ".../peringatan" as an action.
router.include_router(saved_alerts.router)
# Saved searches and their digest preview (/tersimpan…).
router.include_router(saved_editor.router)
router.include_router(saved_pages.router)
router.include_router(saved_preview.router)
# Media partners: contracts and their monthly proof-of-publication report (/mitra…).
router.include_router(partners_page.router)
# Press releases and their pickups (/rilis…).
router.include_router(releases_page.router)
# The signed unsubscribe link of every digest (/berhenti).
router.include_router(unsubscribe_page.router)
# Accounts and the audit log (/admin/pengguna, admin only).
router.include_router(admin_users.router)


def static_files() -> StaticFiles:
    return StaticFiles(directory=STATIC_DIR)


__all__ = ["STATIC_DIR", "router", "static_files"]
