"""The calling key: who it is and which role it has, so the page shows each role only what it may use."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import RouteKey
from api.schemas import Me

router = APIRouter(prefix="/v1", tags=["account"])


@router.get("/me", response_model=Me)
def me(key: RouteKey) -> Me:
    """Any valid key: its id, name, role and prefix."""
    return Me.model_validate({"id": key.id, "name": key.name, "role": key.role, "prefix": key.prefix})
