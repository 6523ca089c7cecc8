"""Cookies that survive Moodle's iframe when the browser allows it."""

from __future__ import annotations

from flask import Response, request


def set_tool_cookie(response: Response, name: str, value: str, max_age: int) -> None:
    """``Secure; SameSite=None; Partitioned`` over https, ``SameSite=Lax`` over http.

    Behind a TLS proxy ``request.is_secure`` is right only through ``ProxyFix``
    (``CARTABLE_PROXY_HOPS``); plain http cannot keep a ``Secure`` cookie at all.
    """
    secure = request.is_secure
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=secure,
        samesite="None" if secure else "Lax",
        partitioned=secure,
    )


def clear_tool_cookie(response: Response, name: str) -> None:
    """Expire a cookie set by :func:`set_tool_cookie`."""
    secure = request.is_secure
    response.delete_cookie(
        name,
        path="/",
        secure=secure,
        samesite="None" if secure else "Lax",
        partitioned=secure,
        httponly=True,
    )
