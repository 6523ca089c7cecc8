"""Platform registrations, tool keys and the shared key-value store table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_app.extensions import db
from lti_app.lti.clock import utcnow


class Platform(db.Model):  # type: ignore[name-defined,misc]
    """One registration: an issuer and the client id it gave us."""

    __tablename__ = "platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    auth_login_url: Mapped[str] = mapped_column(String(1024))
    auth_token_url: Mapped[str] = mapped_column(String(1024))
    keyset_url: Mapped[str] = mapped_column(String(1024))
    auth_audience: Mapped[str | None] = mapped_column(String(1024), default=None)
    name: Mapped[str | None] = mapped_column(String(255), default=None)
    active: Mapped[bool] = mapped_column(default=True)
    # Origins besides the issuer's that may frame the tool (space-separated), for
    # an LMS served from several addresses.
    frame_origins: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deployments: Mapped[list[Deployment]] = relationship(
        back_populates="platform",
        cascade="all, delete-orphan",
        order_by="Deployment.id",
        lazy="selectin",  # every lookup of a registration checks its deployments
    )


class Deployment(db.Model):  # type: ignore[name-defined,misc]
    """A deployment id the platform may send for this registration."""

    __tablename__ = "deployments"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        ForeignKey("platforms.id", ondelete="CASCADE")
    )
    deployment_id: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    platform: Mapped[Platform] = relationship(back_populates="deployments")


class ToolKey(db.Model):  # type: ignore[name-defined,misc]
    """A tool signing key; the private half lives under the data dir only."""

    __tablename__ = "tool_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    public_jwk: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    signs_from: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(default=None)


class StoreEntry(db.Model):  # type: ignore[name-defined,misc]
    """One value of the shared store (launch state, nonces, JWKS cache, sessions)."""

    __tablename__ = "store_entries"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(index=True)
