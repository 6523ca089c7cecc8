"""Debian's nginx with deploy/nginx/cartable.conf, in front of a test server.

The site file is the one an operator copies; only what a test machine needs is
changed: loopback ports instead of 80/443, the test certificate, the upstream's
port, and a main configuration in a temporary folder.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.live import Certificate
from tests.support.smtp import free_port

SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "cartable.conf"
LETSENCRYPT = "/etc/letsencrypt/live/cartable.example.fr/"


def local_site(upstream_port: int, https_port: int, cert: Certificate) -> str:
    """The operator's site with loopback ports and the test certificate."""
    text = SITE.read_text()
    for old, new in (
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("listen 80;", f"listen 127.0.0.1:{free_port()};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        (LETSENCRYPT + "fullchain.pem", str(cert.cert_path)),
        (LETSENCRYPT + "privkey.pem", str(cert.key_path)),
    ):
        assert old in text, old
        text = text.replace(old, new)
    return "\n".join(line for line in text.splitlines() if "listen [::]" not in line)


def main_configuration(folder: Path, site: Path) -> str:
    """A whole nginx.conf in ``folder``: no daemon, logs on stderr."""
    temp = "".join(
        f"{kind}_temp_path {folder}/{kind}; "
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"daemon off; pid {folder}/nginx.pid; error_log stderr;\n"
        f"events {{}}\nhttp {{ access_log off; {temp}include {site}; }}\n"
    )


@contextmanager
def running_nginx(folder: Path, upstream_port: int, cert: Certificate) -> Iterator[str]:
    """Serve the site until the block ends; yield its https base URL."""
    port = free_port()
    site = folder / "site.conf"
    site.write_text(local_site(upstream_port, port, cert))
    conf = folder / "nginx.conf"
    conf.write_text(main_configuration(folder, site))
    log = (folder / "nginx.log").open("w")
    process = subprocess.Popen(
        ["nginx", "-e", "stderr", "-p", str(folder), "-c", str(conf)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, (folder / "nginx.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not listen"
                time.sleep(0.05)
        yield f"https://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
