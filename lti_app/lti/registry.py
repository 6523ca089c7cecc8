"""Platform registrations: add, list, (de)activate, remove, import, and look up."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select

from lti_app.extensions import db
from lti_app.lti.errors import LtiError
from lti_app.lti.models import Deployment, Platform


class RegistryError(ValueError):
    """A registration command that cannot be carried out."""


class ClientExistsError(RegistryError):
    """The client id is registered already, with other endpoints."""


@dataclass(frozen=True)
class RegistrationInput:
    """What an administrator supplies for one registration."""

    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    keyset_url: str
    deployment_ids: tuple[str, ...]
    auth_audience: str | None = None
    name: str | None = None
    frame_origins: tuple[str, ...] = ()


# What a CSP source may hold for an origin: no wildcard, path, quote or ``;``.
SAFE_ORIGIN = re.compile(r"https?://(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:[0-9]{1,5})?")


@lru_cache(maxsize=256)
def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL, lower-cased; None otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def frame_origin(value: str) -> str:
    """An extra origin allowed to frame the tool: exactly ``scheme://host[:port]``.

    Never a wildcard, a path or a keyword: each one widens who may frame Cartable.
    """
    text = value.strip().rstrip("/")
    origin = origin_of(text)
    if origin is None or origin != text.lower() or not SAFE_ORIGIN.fullmatch(origin):
        raise RegistryError(
            f"frame origin must be http(s)://host[:port], not {value!r}"
        )
    return origin


def _merge_origins(current: str, added: Iterable[str]) -> str:
    origins = current.split()
    origins += [o for o in map(frame_origin, added) if o not in origins]
    return " ".join(origins)


def _check_url(label: str, url: object) -> None:
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.netloc:
        raise RegistryError(f"{label} must be an http(s) URL, not {url!r}")


def check_input(data: RegistrationInput) -> None:
    """Refuse a registration that could never launch, before anything is written."""
    for label, url in (
        ("issuer", data.issuer),
        ("auth login URL", data.auth_login_url),
        ("auth token URL", data.auth_token_url),
        ("keyset URL", data.keyset_url),
    ):
        _check_url(label, url)
    if not data.client_id or not data.deployment_ids:
        raise RegistryError("a client id and at least one deployment id are required")
    for value in data.frame_origins:
        frame_origin(value)


def add_platform(data: RegistrationInput) -> Platform:
    """Register a platform client; add deployments to an existing one."""
    check_input(data)
    platform = find_platform_exact(data.issuer, data.client_id)
    if platform is None:
        platform = Platform(issuer=data.issuer, client_id=data.client_id)
        db.session.add(platform)
    platform.auth_login_url = data.auth_login_url
    platform.auth_token_url = data.auth_token_url
    platform.keyset_url = data.keyset_url
    platform.auth_audience = data.auth_audience
    platform.name = data.name or platform.name
    platform.frame_origins = _merge_origins(
        platform.frame_origins or "", data.frame_origins
    )
    known = {d.deployment_id for d in platform.deployments}
    for deployment_id in data.deployment_ids:
        if deployment_id not in known:
            platform.deployments.append(Deployment(deployment_id=deployment_id))
    db.session.commit()
    return platform


def add_client(data: RegistrationInput) -> tuple[Platform, bool]:
    """Add a registration without ever changing an existing one's endpoints.

    Returns the registration and whether it is new. The same client id with the
    same endpoints only gains the new deployments; with other endpoints it is
    refused, so that a second registration never silently replaces the first.
    """
    check_input(data)
    existing = find_platform_exact(data.issuer, data.client_id)
    if existing is None:
        return add_platform(data), True
    same = (
        existing.auth_login_url,
        existing.auth_token_url,
        existing.keyset_url,
    ) == (data.auth_login_url, data.auth_token_url, data.keyset_url)
    if not same:
        raise ClientExistsError(
            f"client {data.client_id!r} of {data.issuer!r} is registered "
            "with other endpoints"
        )
    known = {d.deployment_id for d in existing.deployments}
    for deployment_id in data.deployment_ids:
        if deployment_id not in known:
            existing.deployments.append(Deployment(deployment_id=deployment_id))
    db.session.commit()
    return existing, False


def find_platform_exact(issuer: str, client_id: str) -> Platform | None:
    """Return the registration for exactly this issuer and client id."""
    return db.session.scalar(
        select(Platform).where(
            Platform.issuer == issuer, Platform.client_id == client_id
        )
    )


def list_platforms() -> list[Platform]:
    """Every registration, by issuer then client id."""
    return list(
        db.session.scalars(
            select(Platform).order_by(Platform.issuer, Platform.client_id)
        )
    )


def _require(issuer: str, client_id: str) -> Platform:
    platform = find_platform_exact(issuer, client_id)
    if platform is None:
        raise RegistryError(
            f"no registration for issuer {issuer!r} and client {client_id!r}"
        )
    return platform


def remove_platform(issuer: str, client_id: str) -> None:
    """Delete a registration and its deployments."""
    db.session.delete(_require(issuer, client_id))
    db.session.commit()


def set_active(issuer: str, client_id: str, active: bool) -> Platform:
    """Activate or deactivate a registration; inactive ones refuse launches."""
    platform = _require(issuer, client_id)
    platform.active = active
    db.session.commit()
    return platform


def set_frame_origins(issuer: str, client_id: str, origins: Iterable[str]) -> Platform:
    """Replace the extra origins allowed to frame the tool for this registration."""
    platform = _require(issuer, client_id)
    platform.frame_origins = _merge_origins("", origins)
    db.session.commit()
    return platform


def _inputs_from_pylti1p3(config: dict[str, Any]) -> Iterable[RegistrationInput]:
    for issuer, entries in config.items():
        for entry in entries if isinstance(entries, list) else [entries]:
            try:
                if not isinstance(entry["deployment_ids"], list):
                    raise TypeError("deployment_ids must be a list")
                yield RegistrationInput(
                    issuer=issuer,
                    client_id=str(entry["client_id"]),
                    auth_login_url=entry["auth_login_url"],
                    auth_token_url=entry["auth_token_url"],
                    keyset_url=entry["key_set_url"],
                    deployment_ids=tuple(str(d) for d in entry["deployment_ids"]),
                    auth_audience=entry.get("auth_audience"),
                )
            except (KeyError, TypeError) as exc:
                raise RegistryError(
                    f"{issuer}: missing or malformed key {exc}"
                ) from exc


def import_file(path: Path) -> list[Platform]:
    """Import registrations from pylti1p3's JSON configuration format."""
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RegistryError(f"cannot read {path}: {exc}") from exc
    if not isinstance(config, dict):
        raise RegistryError("the file must hold a JSON object keyed by issuer")
    inputs = list(_inputs_from_pylti1p3(config))
    for data in inputs:  # all or nothing: check every entry before adding one
        check_input(data)
    return [add_platform(data) for data in inputs]


def resolve_for_login(issuer: str, client_id: str | None) -> Platform:
    """Find the registration a login names; refuse unknown, ambiguous or inactive ones."""
    candidates = list(
        db.session.scalars(select(Platform).where(Platform.issuer == issuer))
    )
    if not candidates:
        raise LtiError("unknown-issuer")
    if client_id:
        matching = [p for p in candidates if p.client_id == client_id]
        if not matching:
            raise LtiError("unknown-client")
        platform = matching[0]
    elif len(candidates) == 1:
        platform = candidates[0]
    else:
        raise LtiError("ambiguous-client")
    if not platform.active:
        raise LtiError("platform-inactive")
    return platform


def find_deployment(platform: Platform, deployment_id: str) -> Deployment | None:
    """Return the active deployment of this registration with this id."""
    for deployment in platform.deployments:
        if deployment.deployment_id == deployment_id and deployment.active:
            return deployment
    return None
