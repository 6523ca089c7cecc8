"""DOI look-up through a resolver that answers CSL-JSON (Crossref by default)."""

from __future__ import annotations

import re
from urllib.parse import quote

import requests

from lti_app.references.errors import (
    DoiInvalid,
    DoiMalformed,
    DoiNotFound,
    DoiOffline,
    DoiSlow,
    DoiUnavailable,
)

MAX_RESPONSE = 1024 * 1024
_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI = re.compile(r"10\.\d{4,9}/\S+")


def normalise_input(text: str) -> str:
    """The DOI in what was typed (a bare DOI, ``doi:...`` or a doi.org link)."""
    doi = _PREFIX.sub("", text.strip()).strip()
    if not _DOI.fullmatch(doi):
        raise DoiInvalid(text[:100])
    return doi


def fetch_csl(doi: str, resolver: str, timeout: float) -> bytes:
    """The resolver's CSL-JSON for ``doi``; our errors for every way it can fail."""
    url = resolver.replace("{doi}", quote(doi, safe="/"))
    headers = {"Accept": "application/vnd.citationstyles.csl+json, application/json"}
    try:
        with requests.get(url, headers=headers, timeout=timeout, stream=True) as answer:
            if answer.status_code in (404, 410):
                raise DoiNotFound(doi)
            if answer.status_code != 200:
                raise DoiUnavailable()  # its message says it in plain words
            body = answer.raw.read(MAX_RESPONSE + 1, decode_content=True)
    except requests.Timeout as error:
        raise DoiSlow() from error
    except requests.ConnectionError as error:
        raise DoiOffline() from error
    except requests.RequestException as error:
        raise DoiUnavailable() from error
    if len(body) > MAX_RESPONSE or not body.lstrip().startswith((b"{", b"[")):
        raise DoiMalformed(doi)
    return bytes(body)
