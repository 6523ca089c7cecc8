"""One check per diagnostic line: what was seen, and how to fix it when it fails."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import jwt
import requests
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from lti_app.diagnostics.models import LAUNCH, LOGIN, REFUSAL, Observation
from lti_app.extensions import db
from lti_app.lti.clock import utcnow
from lti_app.lti.errors import REASONS
from lti_app.lti.models import Platform

OK, WARN, FAIL, NONE = "ok", "warn", "fail", "none"
CLOCK_TOLERANCE = 10.0  # seconds: beyond, a launch is close to being refused
RECENT = 20
COOKIE_DAYS = 7


@dataclass(frozen=True)
class Line:
    """One diagnostic: its status, what was seen, and the fix when it fails."""

    name: str
    status: str
    summary: str
    fix: str = ""
    details: list[str] = field(default_factory=list)


def _usable(key: Any) -> bool:
    if not isinstance(key, dict) or key.get("kty") != "RSA":
        return False
    if key.get("alg", "RS256") != "RS256" or key.get("use", "sig") != "sig":
        return False
    try:
        jwt.PyJWK(key, algorithm="RS256")
    except jwt.PyJWKError:
        return False
    return True


def check_jwks(platform: Platform, timeout: float) -> Line:
    """The keyset URL answers now (no cache) and holds usable RS256 keys."""
    name = _("Clés publiques de la plateforme")
    fix = _(
        "Vérifiez l'adresse des clés ({url}) dans l'enregistrement, et que le "
        "serveur de Cartable peut la joindre (pare-feu, proxy, DNS). Moodle : "
        "{issuer}/mod/lti/certs.php."
    ).format(url=platform.keyset_url, issuer=platform.issuer)
    try:
        response = requests.get(platform.keyset_url, timeout=timeout)
        document = response.json() if response.status_code == 200 else None
    except (requests.RequestException, ValueError) as exc:
        summary = _("L'adresse ne répond pas ({error}).").format(
            error=type(exc).__name__
        )
        return Line(name, FAIL, summary, fix)
    if document is None:
        summary = _("L'adresse répond HTTP {status}.").format(
            status=response.status_code
        )
        return Line(name, FAIL, summary, fix)
    keys = document.get("keys") if isinstance(document, dict) else None
    usable = [k for k in keys if _usable(k)] if isinstance(keys, list) else []
    if not usable:
        summary = _("La réponse ne contient aucune clé RSA utilisable en RS256.")
        return Line(name, FAIL, summary, fix)
    summary = ngettext(
        "%(num)d clé RS256 utilisable.", "%(num)d clés RS256 utilisables.", len(usable)
    )
    return Line(name, OK, summary, details=[str(k.get("kid")) for k in usable])


def _of(platform: Platform) -> tuple[Any, ...]:
    """Observations of this registration (launches carry no platform id)."""
    return (
        Observation.issuer == platform.issuer,
        Observation.client_id == platform.client_id,
    )


def _recent(kind: str, platform: Platform) -> list[Observation]:
    return list(
        db.session.scalars(
            select(Observation)
            .where(Observation.kind == kind, *_of(platform))
            .order_by(Observation.id.desc())
            .limit(RECENT)
        )
    )


def check_clock(platform: Platform, leeway: int) -> Line:
    """The median of ``now - iat`` over the last accepted launches."""
    name = _("Horloge de la plateforme")
    skews = [
        o.clock_skew for o in _recent(LAUNCH, platform) if o.clock_skew is not None
    ]
    if not skews:
        return Line(name, NONE, _("Aucun lancement réussi récent à mesurer."))
    median = statistics.median(skews)
    summary = _(
        "Écart médian de {median:+.1f} s entre l'horloge de Cartable et la date "
        "d'émission (iat) des jetons, sur {count} lancement(s) récent(s)."
    ).format(median=median, count=len(skews))
    if abs(median) <= CLOCK_TOLERANCE:
        return Line(name, OK, summary)
    fix = _(
        "Synchronisez les horloges de la plateforme et de Cartable (NTP) : au-delà "
        "de {leeway} s d'écart, les lancements sont refusés (token-future, "
        "token-expired)."
    ).format(leeway=leeway)
    return Line(name, FAIL, summary, fix)


def _count_since(kind: str, platform: Platform, days: int, *more: Any) -> int:
    since = utcnow() - timedelta(days=days)
    count = db.session.scalar(
        select(func.count())
        .select_from(Observation)
        .where(
            Observation.kind == kind,
            *_of(platform),
            Observation.created_at > since,
            *more,
        )
    )
    return int(count or 0)


def check_cookie(platform: Platform) -> Line:
    """Logins whose cookie the browser dropped in the LMS's iframe, this week."""
    name = _("Cookie de lancement")
    lost = _count_since(LOGIN, platform, COOKIE_DAYS)
    launches = _count_since(LAUNCH, platform, COOKIE_DAYS)
    if not lost and not launches:
        return Line(name, NONE, _("Aucun lancement ces 7 derniers jours."))
    stored = _count_since(
        LAUNCH, platform, COOKIE_DAYS, Observation.cookie_kept.is_(False)
    )
    summary = _(
        "Ces 7 derniers jours : {launches} lancement(s) réussi(s), dont {stored} "
        "sans cookie (stockage de la plateforme) ; {lost} connexion(s) ont perdu le "
        "cookie dans le cadre de la plateforme et ont dû s'ouvrir dans une nouvelle "
        "fenêtre."
    ).format(launches=launches, stored=stored, lost=lost)
    if not lost:
        return Line(name, OK, summary)
    fix = _(
        "Le navigateur bloque les cookies tiers. Servez Cartable en https sur le "
        "même site que la plateforme (par exemple cartable.univ.fr à côté de "
        "moodle.univ.fr), ou réglez l'outil dans Moodle pour s'ouvrir dans une "
        "nouvelle fenêtre."
    )
    return Line(name, WARN, summary, fix)


def refusals(*conditions: Any, limit: int = 10) -> list[Observation]:
    """The last refused requests that meet ``conditions`` (all of them without)."""
    query = select(Observation).where(Observation.kind == REFUSAL, *conditions)
    return list(db.session.scalars(query.order_by(Observation.id.desc()).limit(limit)))


def unmatched_refusals(issuer: str | None, limit: int = 20) -> list[Observation]:
    """Refusals naming no registration: of one issuer, or of any when None."""
    conditions: list[Any] = [Observation.platform_id.is_(None)]
    if issuer is not None:
        conditions.append(Observation.issuer == issuer)
    return refusals(*conditions, limit=limit)


def check_refusals(platform: Platform) -> Line:
    """Refused logins and launches naming this registration (issuer and client)."""
    name = _("Lancements refusés")
    rows = refusals(*_of(platform))
    if not rows:
        return Line(name, OK, _("Aucun lancement refusé récemment."))
    details = [
        f"{row.created_at:%Y-%m-%d %H:%M:%S} UTC · {row.reason} · "
        f"{row.client_id or '?'} · {_reason_text(row.reason)}"
        for row in rows
    ]
    summary = ngettext(
        "%(num)d refus récent (le plus récent en premier).",
        "%(num)d refus récents (le plus récent en premier).",
        len(rows),
    )
    fix = _("Chaque code est expliqué ci-dessous ; la page de refus montre le même.")
    recent = rows[0].created_at > utcnow() - timedelta(hours=24)
    return Line(name, FAIL if recent else WARN, summary, fix, details)


def _reason_text(code: str | None) -> str:
    reason = REASONS.get(code or "")
    return f"{reason[1]} {reason[2]}" if reason else ""


def check_proxy(scheme: str, host: str, public_url: str | None, hops: int) -> Line:
    """The scheme and host this request reached us with, against the public URL."""
    name = _("Adresse vue derrière le proxy")
    seen = f"{scheme}://{host}"
    if not public_url:
        summary = _("Cartable se voit en {seen} ; CARTABLE_PUBLIC_URL n'est pas réglé.")
        fix = _("Réglez CARTABLE_PUBLIC_URL sur l'adresse publique de Cartable.")
        return Line(name, WARN, summary.format(seen=seen), fix)
    public = urlsplit(public_url)
    expected = f"{public.scheme}://{public.netloc}"
    summary = _("Cartable se voit en {seen} ; son adresse publique est {expected}.")
    summary = summary.format(seen=seen, expected=expected)
    if seen.lower() == expected.lower():
        return Line(name, OK, summary)
    fix = _(
        "Le proxy ne transmet pas le schéma ou l'hôte, ou Cartable ne lui fait pas "
        "confiance : réglez CARTABLE_PROXY_HOPS sur le nombre de proxys devant "
        "Cartable (actuellement {hops}), et faites envoyer X-Forwarded-Proto et "
        "X-Forwarded-Host par le proxy. Sans cela, les cookies ne sont pas Secure "
        "et les adresses envoyées aux plateformes sont fausses."
    ).format(hops=hops)
    return Line(name, FAIL, summary, fix)
