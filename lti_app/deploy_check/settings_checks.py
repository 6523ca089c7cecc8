"""Checks of the settings alone: no network, no disk."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from lti_app.deploy_check.result import Check, failed, passed
from lti_app.settings import DEV_SECRET

MIN_SECRET = 32
MIN_DISTINCT = 12  # a 32-character secret of 3 letters repeated is no secret
GENERATE = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"


def check_environment(config: Mapping[str, Any]) -> Check:
    """Production mode, which refuses the development secret and LMS at start-up."""
    name = "environment"
    if config["CARTABLE_ENV"] != "production":
        return failed(
            name,
            f"CARTABLE_ENV={config['CARTABLE_ENV']}",
            "set CARTABLE_ENV=production in the environment file",
        )
    return passed(name, "CARTABLE_ENV=production, development LMS off")


def check_secret(config: Mapping[str, Any]) -> Check:
    """SECRET_KEY signs launch tokens and forms: long, varied, not the default."""
    name = "secret key"
    secret = str(config.get("SECRET_KEY") or "")
    fix = f"set SECRET_KEY to the output of: {GENERATE}"
    if secret in {DEV_SECRET, "change-me"}:
        return failed(name, "SECRET_KEY is the example value", fix)
    if len(secret) < MIN_SECRET:
        return failed(
            name, f"SECRET_KEY has {len(secret)} characters (< {MIN_SECRET})", fix
        )
    distinct = len(set(secret))
    if distinct < MIN_DISTINCT:
        seen = f"SECRET_KEY has only {distinct} different characters (< {MIN_DISTINCT})"
        return failed(name, seen, fix)
    return passed(name, f"{len(secret)} characters, {distinct} different")


def check_public_url(config: Mapping[str, Any]) -> Check:
    """The address Moodle and browsers use: https, or cookies cannot cross sites."""
    name = "public URL"
    url = config.get("CARTABLE_PUBLIC_URL") or ""
    fix = "set CARTABLE_PUBLIC_URL=https://<the tool's host name> (no trailing slash)"
    if not url:
        return failed(name, "CARTABLE_PUBLIC_URL is not set", fix)
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return failed(name, f"{url} is not an https address", fix)
    return passed(name, url)


def check_proxy_hops(config: Mapping[str, Any]) -> Check:
    """gunicorn speaks plain http: an https public URL means a TLS proxy in front,
    whose X-Forwarded-* headers ProxyFix must trust (CARTABLE_PROXY_HOPS)."""
    name = "proxy hops"
    hops = int(config["CARTABLE_PROXY_HOPS"])
    https = urlsplit(config.get("CARTABLE_PUBLIC_URL") or "").scheme == "https"
    if https and hops < 1:
        return failed(
            name,
            "CARTABLE_PROXY_HOPS=0 with an https public URL: requests look like http, "
            "cookies lose Secure and the addresses sent to Moodle are wrong",
            "set CARTABLE_PROXY_HOPS=1 (one nginx in front, as in "
            "deploy/nginx/cartable.conf; 2 with a load balancer before it)",
        )
    return passed(name, f"CARTABLE_PROXY_HOPS={hops}")
