"""Deep Linking 2.0: read the request's settings, sign the response of chosen items.

The response goes back through the browser as one form field, ``JWT``, signed
with the tool key (its ``kid`` is in our JWKS), ``iss`` = our client id and
``aud`` = the platform issuer, as Moodle expects.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lti_app.lti import claims as c
from lti_app.lti.context import LaunchContext
from lti_app.lti.errors import LtiError
from lti_app.lti.keys import sign

DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
CONTENT_ITEMS = DL + "content_items"
DATA = DL + "data"
MESSAGE_TYPE = "LtiDeepLinkingResponse"
RESOURCE_LINK_TYPE = "ltiResourceLink"
LIFETIME = 600  # seconds; the key rotation plan counts on at most this
_EMBEDDED_TARGETS = ("iframe", "frame")


@dataclass(frozen=True)
class LineItem:
    """The gradebook column an item asks the platform to create."""

    score_maximum: float
    label: str | None = None
    resource_id: str | None = None
    tag: str | None = None
    # AGS submission review: Moodle's gradebook then offers "view submission".
    submission_review: dict[str, Any] | None = None

    def to_claim(self) -> dict[str, Any]:
        """The ``lineItem`` object, without the fields left unset."""
        claim: dict[str, Any] = {"scoreMaximum": self.score_maximum}
        for name, value in (
            ("label", self.label),
            ("resourceId", self.resource_id),
            ("tag", self.tag),
            ("submissionReview", self.submission_review),
        ):
            if value is not None:
                claim[name] = value
        return claim


@dataclass(frozen=True)
class ResourceLinkItem:
    """One ``ltiResourceLink`` content item; ``presentation`` is iframe or window."""

    title: str
    url: str
    text: str | None = None
    custom: dict[str, str] = field(default_factory=dict)
    presentation: str | None = None
    line_item: LineItem | None = None

    def to_claim(self) -> dict[str, Any]:
        """The content item as the platform reads it."""
        claim: dict[str, Any] = {
            "type": RESOURCE_LINK_TYPE,
            "title": self.title,
            "url": self.url,
        }
        if self.text:
            claim["text"] = self.text
        if self.custom:
            claim["custom"] = dict(self.custom)
        if self.presentation == "iframe":
            claim["iframe"] = {"height": 800}
        elif self.presentation == "window":
            claim["window"] = {"targetName": "_blank"}
        if self.line_item is not None:
            claim["lineItem"] = self.line_item.to_claim()
        return claim


@dataclass(frozen=True)
class DeepLinkingSettings:
    """What the platform accepts, read once from the request's settings claim."""

    return_url: str
    accept_types: tuple[str, ...]
    accept_targets: tuple[str, ...]
    accept_multiple: bool
    title: str | None
    text: str | None
    has_data: bool
    data: Any = None

    @property
    def accepts_links(self) -> bool:
        """Cartable only offers resource links."""
        return RESOURCE_LINK_TYPE in self.accept_types

    @property
    def presentation(self) -> str:
        """Embedded when the platform allows it, else a new window."""
        if any(t in self.accept_targets for t in _EMBEDDED_TARGETS):
            return "iframe"
        return "window"


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise LtiError("deep-linking-settings", "expected a list")
    return tuple(str(item) for item in value)


def settings_of(context: LaunchContext) -> DeepLinkingSettings:
    """The deep linking settings of this launch; refuse any other launch."""
    if context.message_type != c.DEEP_LINKING:
        raise LtiError("not-deep-linking")
    raw: Mapping[str, Any] | None = context.services.get("deep_linking")
    if not isinstance(raw, Mapping):
        raise LtiError("deep-linking-settings", "settings claim missing")
    return_url = raw.get("deep_link_return_url")
    if not isinstance(return_url, str) or not return_url.startswith(
        ("https://", "http://")
    ):
        raise LtiError("deep-linking-settings", "bad deep_link_return_url")
    title, text = raw.get("title"), raw.get("text")
    return DeepLinkingSettings(
        return_url=return_url,
        accept_types=_strings(raw.get("accept_types")),
        accept_targets=_strings(raw.get("accept_presentation_document_targets")),
        accept_multiple=raw.get("accept_multiple") is not False,
        title=str(title) if title else None,
        text=str(text) if text else None,
        has_data="data" in raw,
        data=raw.get("data"),
    )


def check_selection(
    settings: DeepLinkingSettings, items: Sequence[ResourceLinkItem]
) -> None:
    """Refuse what the platform said it would not accept."""
    if items and not settings.accepts_links:
        raise LtiError("deep-linking-selection", "ltiResourceLink not accepted")
    if len(items) > 1 and not settings.accept_multiple:
        raise LtiError("deep-linking-selection", "one item only")


def response_claims(
    context: LaunchContext,
    items: Sequence[ResourceLinkItem],
    now: int | None = None,
) -> dict[str, Any]:
    """The LtiDeepLinkingResponse payload; no item at all means "cancelled"."""
    settings = settings_of(context)
    check_selection(settings, items)
    issued = int(time.time()) if now is None else now
    payload: dict[str, Any] = {
        "iss": context.client_id,
        "aud": context.issuer,
        "iat": issued,
        "exp": issued + LIFETIME,
        "nonce": secrets.token_urlsafe(24),
        c.DEPLOYMENT_ID: context.deployment_id,
        c.MESSAGE_TYPE: MESSAGE_TYPE,
        c.VERSION: "1.3.0",
        CONTENT_ITEMS: [item.to_claim() for item in items],
    }
    if settings.has_data:
        payload[DATA] = settings.data
    return payload


def signed_response(
    context: LaunchContext, items: Sequence[ResourceLinkItem]
) -> tuple[str, str]:
    """The return URL and the signed JWT to POST there."""
    payload = response_claims(context, items)
    return settings_of(context).return_url, sign(payload, {"typ": "JWT"})
