"""What an operator copies from deploy/ agrees with the application's settings."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask
from wtforms.validators import NumberRange

from lti_app.settings import DEFAULTS, load_settings
from lti_app.submissions.forms import AssignmentForm
from lti_app.submissions.pages_upload import OVERHEAD
from tests.support.live import make_certificate
from tests.support.nginx import local_site, main_configuration
from tests.support.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX_SITE = DEPLOY / "nginx" / "cartable.conf"
ENV_FILE = DEPLOY / "cartable.env"
UNITS = (
    DEPLOY / "systemd" / "cartable-web.service",
    DEPLOY / "systemd" / "cartable-worker.service",
)
MIB = 1024 * 1024
# Gunicorn's knobs (config/gunicorn.conf.py), read from the same file.
GUNICORN_KNOBS = {"CARTABLE_BIND", "CARTABLE_WORKERS", "CARTABLE_THREADS"}
PROXY_FIX_HEADERS = ("For", "Proto", "Host", "Port", "Prefix")


def _environment_file() -> dict[str, str]:
    """VAR=value lines, commented ones included (the operator may uncomment them)."""
    values = {}
    for line in ENV_FILE.read_text().splitlines():
        match = re.fullmatch(r"#?([A-Z_]+)=(.*)", line)
        if match:
            values[match[1]] = match[2].strip('"')
    return values


def _body_sizes() -> dict[str, int]:
    """client_max_body_size of the server block and of each location, in bytes
    (the file is indented: four spaces inside a server, eight inside a location)."""
    sizes, location = {}, ""
    for line in NGINX_SITE.read_text().splitlines():
        found = re.match(r" {4}location (.+) \{", line)
        if found:
            location = found[1]
        size = re.match(r"( +)client_max_body_size (\d+)m;", line)
        if size:
            sizes["server" if len(size[1]) == 4 else location] = int(size[2]) * MIB
    return sizes


def _largest_upload() -> int:
    """What the app may accept in one drop-off: every file at the site's cap."""
    (files,) = [
        v
        for v in AssignmentForm.max_files.kwargs["validators"]
        if isinstance(v, NumberRange)
    ]
    return int(files.max) * DEFAULTS["CARTABLE_SUBMISSION_MAX_BYTES"] + OVERHEAD


def test_nginx_body_limits_match_the_app(app: Flask) -> None:
    """Forms up to MAX_CONTENT_LENGTH, uploads up to the largest drop-off, on the
    very URL the upload view answers."""
    sizes = _body_sizes()
    assert sizes["server"] == load_settings(environ={})["MAX_CONTENT_LENGTH"]
    (upload_location,) = [name for name in sizes if name != "server"]
    assert sizes[upload_location] == _largest_upload()
    pattern = upload_location.removeprefix("~ ")
    with app.test_request_context():
        from flask import url_for

        assert re.match(pattern, url_for("submissions.upload", assignment_id=12))
        assert not re.match(
            pattern, url_for("submissions.receipt", assignment_id=12, number=1)
        )


def test_nginx_sets_every_header_proxy_fix_trusts() -> None:
    """Each X-Forwarded-* that ProxyFix reads is set by nginx (Prefix emptied), so a
    client's own copy never reaches the app; one proxy, one hop."""
    text = NGINX_SITE.read_text()
    for name in PROXY_FIX_HEADERS:
        assert re.search(rf"proxy_set_header X-Forwarded-{name} \S+;", text), name
    assert 'proxy_set_header X-Forwarded-Prefix "";' in text
    assert "X-Forwarded-For $remote_addr;" in text
    assert _environment_file()["CARTABLE_PROXY_HOPS"] == "1"
    assert "server 127.0.0.1:8000;" in text
    assert _environment_file()["CARTABLE_BIND"] == "127.0.0.1:8000"


def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    """``nginx -t`` on the site as copied, with a real certificate in place."""
    site = tmp_path / "site.conf"
    site.write_text(local_site(8000, free_port(), make_certificate(tmp_path)))
    (tmp_path / "nginx.conf").write_text(main_configuration(tmp_path, site))
    result = subprocess.run(
        [
            "nginx",
            "-t",
            "-e",
            "stderr",
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "[emerg]" not in result.stderr


def test_environment_file_names_only_real_settings() -> None:
    """A misspelt name would be silently ignored by the app: every one is known, and
    the file with a real secret loads as production settings."""
    values = _environment_file()
    assert set(values) <= set(DEFAULTS) | GUNICORN_KNOBS, set(values) - set(DEFAULTS)
    active = {
        name: value
        for name, value in values.items()
        if f"\n{name}=" in "\n" + ENV_FILE.read_text()
    }
    active["SECRET_KEY"] = "x" * 48
    settings = load_settings(environ=active)
    assert settings["CARTABLE_ENV"] == "production"
    assert settings["CARTABLE_PUBLIC_URL"].startswith("https://")


def test_units_run_the_documented_commands_with_the_same_environment() -> None:
    """Both units read the environment file and run from the venv the README makes."""
    web, worker = (unit.read_text() for unit in UNITS)
    for unit in (web, worker):
        assert "EnvironmentFile=/srv/cartable/cartable.env" in unit
        assert "User=cartable" in unit
        assert "ReadWritePaths=/srv/cartable/data" in unit
    assert _environment_file()["CARTABLE_DATA_DIR"] == "/srv/cartable/data"
    assert (
        "ExecStart=/srv/cartable/venv/bin/gunicorn -c "
        "/srv/cartable/app/config/gunicorn.conf.py lti_app:create_app()" in web
    )
    assert "ExecStart=/srv/cartable/venv/bin/flask --app lti_app worker" in worker


def test_a_wheel_from_a_clean_clone_carries_catalogues_and_templates(
    tmp_path: Path,
) -> None:
    """A clone has no .mo (they are never committed): the build compiles them."""
    clone, wheels = tmp_path / "clone", tmp_path / "wheels"
    subprocess.run(
        ["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=60
    )
    assert not list(clone.glob("lti_app/translations/*/LC_MESSAGES/*.mo"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-index",
         "--no-build-isolation", "-w", str(wheels), str(clone)],
        check=True, timeout=120, capture_output=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("cartable-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        mo = archive.read("lti_app/translations/en/LC_MESSAGES/messages.mo")
    assert {"lti_app/templates/base.html", "lti_app/templates/errors/lti.html"} <= names
    catalog = read_mo(io.BytesIO(mo))
    with (clone / "lti_app/translations/en/LC_MESSAGES/messages.po").open("rb") as po:
        source = read_po(po)
    assert catalog.get("Liste de lecture du cours").string == "The course reading list"
    assert len([m for m in source if m.id and m.string]) == len(
        [m for m in catalog if m.id]
    )


def test_nginx_passes_its_request_id() -> None:
    """nginx's $request_id reaches the app, so both logs name the same request."""
    assert "proxy_set_header X-Request-Id $request_id;" in NGINX_SITE.read_text()
