"""Serve a Flask app over real HTTP(S) from a background thread.

The server binds first (port 0 picks a free port) and takes the app later, so a
test can put the server's URL into the app's settings before ``create_app``:

    with LiveServer(host_name="localhost") as lms, LiveServer(tls=cert) as tool:
        app = make_app(CARTABLE_PUBLIC_URL=tool.url)
        lms.serve(app); tool.serve(app)
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

WsgiApp = Any


@dataclass(frozen=True)
class Certificate:
    """A throwaway self-signed certificate for 127.0.0.1 and localhost."""

    cert_path: Path
    key_path: Path

    def ssl_context(self) -> ssl.SSLContext:
        """A server-side TLS context using this certificate."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, self.key_path)
        return context


def make_certificate(directory: Path) -> Certificate:
    """Write a one-day certificate valid for 127.0.0.1, ::1 and localhost."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Cartable test server")])
    now = datetime.datetime.now(datetime.UTC)
    names = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("::1")),
    ]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "server.crt", directory / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return Certificate(cert_path, key_path)


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr: tests read responses, not logs."""

    def log(self, type: str, message: str, *args: Any) -> None:
        pass


class LiveServer:
    """A threaded werkzeug server on 127.0.0.1 and a free port.

    ``host_name`` is the name put in ``url`` ("localhost" makes the LMS and the
    tool different sites on one machine); ``tls`` serves https.
    """

    def __init__(
        self, host_name: str = "127.0.0.1", tls: Certificate | None = None
    ) -> None:
        self._app: WsgiApp | None = None
        self._server: BaseWSGIServer = make_server(
            "127.0.0.1",
            0,
            self._dispatch,
            threaded=True,
            request_handler=_QuietHandler,
            ssl_context=tls.ssl_context() if tls else None,
        )
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://{host_name}:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )
        self._thread.start()

    def _dispatch(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self._app is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"no app served yet"]
        return self._app(environ, start_response)

    def serve(self, app: WsgiApp) -> LiveServer:
        """Start answering with this WSGI app."""
        self._app = app
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def wait_until_healthy(
    base: str, process: subprocess.Popen[str], log: Path, seconds: float = 60
) -> None:
    """Poll ``base/healthz`` until 200; fail with the server's log if it dies or lags."""
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, log.read_text()
        try:
            if requests.get(base + "/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass  # not listening yet, or its workers still starting
        assert time.monotonic() < deadline, "server not ready:\n" + log.read_text()
        time.sleep(0.1)
