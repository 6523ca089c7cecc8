"""Same site or not, as browsers decide which cookies go with a request.

A "site" is the scheme and the registrable domain (``https://univ.fr`` for
``https://moodle.univ.fr``), from the Public Suffix List that the
``publicsuffixlist`` package ships (read from the package, never fetched). Over
plain http Cartable's launch cookie can only be ``SameSite=Lax``, which the
browser never sends with the platform's cross-site form post: such a launch
cannot work, whatever the browser's settings.
"""

from __future__ import annotations

import ipaddress
from functools import cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList


@cache
def _suffixes() -> PublicSuffixList:
    """The list, parsed once (about 0.1 s), on the first question."""
    return PublicSuffixList()


def site_of(url: str) -> str:
    """``scheme://registrable-domain``; an address or a bare name is its own site."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        host = _suffixes().privatesuffix(host) or host
    return f"{parts.scheme.lower()}://{host}"


def same_site(first: str, second: str) -> bool:
    """Whether a browser counts a request from one URL to the other as same-site."""
    return site_of(first) == site_of(second)


def http_cross_site(tool_url: str, *platform_urls: str) -> bool:
    """Cartable over http and a platform URL on another site: no launch can work."""
    return urlsplit(tool_url).scheme == "http" and any(
        not same_site(tool_url, url) for url in platform_urls
    )
