"""``/api/users`` (admin): the accounts and the audit log. Accounts are made and changed with
``pantau users`` on the server; the API shows them."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from search_api.app.deps import OfficeDep
from search_api.auth.accounts import audit_entries, list_users

router = APIRouter(prefix="/api/users", tags=["users"])


class UserOut(BaseModel):
    username: str
    role: str
    created_at: str


class AuditOut(BaseModel):
    at: str
    username: str
    action: str
    detail: str


@router.get("", response_model=list[UserOut])
def users(office: OfficeDep) -> list[UserOut]:
    return [
        UserOut(username=u.username, role=u.role, created_at=u.created_at)
        for u in list_users(office)
    ]


@router.get("/audit", response_model=list[AuditOut])
def audit_log(office: OfficeDep) -> list[AuditOut]:
    """The newest 100 changes: who, when, what (method and path, or the CLI's action)."""
    return [AuditOut(**entry) for entry in audit_entries(office)]
