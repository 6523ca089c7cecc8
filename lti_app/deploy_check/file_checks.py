"""Checks of what lives on disk: stored files, the tool's keys, translations."""

from __future__ import annotations

import base64
import io
import json
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask_babel import get_babel
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from lti_app.deploy_check.result import Check, failed, passed
from lti_app.extensions import db
from lti_app.lti.models import ToolKey
from lti_app.storage import StorageError, get_storage

MARKER_PREFIX = "check-deploy"


def check_storage(config: Mapping[str, Any]) -> Check:
    """A marker file written, read back and removed through the storage backend."""
    name = "storage"
    root = config.get("CARTABLE_STORAGE_DIR") or f"{config['CARTABLE_DATA_DIR']}/files"
    storage = get_storage()
    payload = secrets.token_bytes(32)
    try:
        stored = storage.put(io.BytesIO(payload), MARKER_PREFIX)
        with storage.open(stored.key) as reader:
            back = reader.read()
        storage.delete(stored.key)
    except (OSError, StorageError) as exc:
        return failed(
            name,
            f"{root}: {type(exc).__name__}: {exc}",
            f"create {root} and give it to the service user "
            "(install -d -o cartable -g cartable …), on a shared volume with "
            "several app servers",
        )
    if back != payload:
        return failed(name, f"{root}: the marker read back differs", "check the volume")
    return passed(name, f"{root}: a marker file written, read back and removed")


def _private_matches(path: Path, public_jwk: str) -> bool:
    """The PEM on disk is the private half of the published key."""
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        return False
    numbers = key.public_key().public_numbers()
    jwk = json.loads(public_jwk)
    n = int.from_bytes(_b64(jwk["n"]), "big")
    e = int.from_bytes(_b64(jwk["e"]), "big")
    return (numbers.n, numbers.e) == (n, e)


def _b64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def check_keys(config: Mapping[str, Any]) -> Check:
    """Every published key's private half is on this server, and is the same key."""
    name = "tool keys"
    folder = Path(config["CARTABLE_DATA_DIR"]) / "keys"
    try:
        keys = list(db.session.scalars(select(ToolKey)))
    except SQLAlchemyError:
        db.session.rollback()
        return failed(name, "the database does not answer", "see the database line")
    if not keys:
        return failed(
            name,
            "no signing key yet",
            "run: flask --app lti_app keys rotate --after 0",
        )
    wrong = []
    for key in keys:
        path = folder / f"{key.kid}.pem"
        try:
            if not _private_matches(path, key.public_jwk):
                wrong.append(f"{key.kid} (another key)")
        except (OSError, ValueError) as exc:
            wrong.append(f"{key.kid} ({type(exc).__name__})")
    if wrong:
        return failed(
            name,
            f"{len(wrong)} of {len(keys)} published key(s) unusable here: "
            + ", ".join(wrong),
            f"copy {folder} from the server that made them (mode 0700, files 0600, "
            "owned by the service user): every app server signs with the same keys",
        )
    return passed(name, f"{len(keys)} key(s) in {folder}, matching the published ones")


def _msgid(value: Any) -> Any:
    """A message id, hashable: plural ids come as a list from a .mo, a tuple from a .po."""
    return tuple(value) if isinstance(value, list | tuple) else value


def check_translations(config: Mapping[str, Any]) -> Check:
    """Each catalogue is compiled, and the .mo holds every translation of the .po."""
    name = "translations"
    folders = [Path(each) for each in get_babel().translation_directories]
    sources = sorted(po for f in folders for po in f.glob("*/LC_MESSAGES/*.po"))
    if not sources:
        shown = ", ".join(map(str, folders))
        return failed(name, f"no catalogue under {shown}", "reinstall Cartable")
    for po in sources:
        folder = po.parents[2]
        language = po.parts[-3]
        mo = po.with_suffix(".mo")
        fix = (
            "reinstall with pip install (setup.py compiles them), or run: "
            f"pybabel compile -d {folder}"
        )
        if not mo.is_file():
            return failed(name, f"{language}: {mo.name} missing", fix)
        with po.open("rb") as source, mo.open("rb") as compiled:
            expected = {_msgid(m.id) for m in read_po(source) if m.id and m.string}
            present = {_msgid(m.id) for m in read_mo(compiled) if m.id}
        missing = len(expected - present)
        if missing:
            return failed(
                name, f"{language}: {missing} translation(s) not compiled", fix
            )
    return passed(name, ", ".join(p.parts[-3] for p in sources) + " compiled")
