"""What the diagnostic page reads: facts about recent logins, launches and refusals.

No personal data: no ``sub``, name, address or browser; only the registration, a
reason code, the clock difference and whether a cookie came back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from lti_app.extensions import db
from lti_app.lti.clock import utcnow

LOGIN = "login"
LAUNCH = "launch"
REFUSAL = "refusal"


class Observation(db.Model):  # type: ignore[name-defined,misc]
    """One login, accepted launch or refused request, kept in a bounded table."""

    __tablename__ = "lti_observations"
    __table_args__ = (Index("ix_lti_observations_kind_id", "kind", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    platform_id: Mapped[int | None] = mapped_column(default=None, index=True)
    issuer: Mapped[str | None] = mapped_column(String(255), default=None)
    client_id: Mapped[str | None] = mapped_column(String(255), default=None)
    reason: Mapped[str | None] = mapped_column(String(64), default=None)
    # Seconds between the token's iat and our clock at acceptance (now - iat).
    clock_skew: Mapped[float | None] = mapped_column(Float, default=None)
    cookie_kept: Mapped[bool | None] = mapped_column(default=None)
