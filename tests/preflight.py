"""Before the suite: install or start what it needs, or stop naming what is missing.

Run by ``make test``. The suite never skips: a browser or database test whose
dependency is missing fails, so this script makes sure they are there first.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
NGINX = Path("/usr/sbin/nginx")
SERVICES = {
    "PostgreSQL": (
        ("127.0.0.1", 5432),
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "Redis": (
        ("127.0.0.1", 6379),
        "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' "
        "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log",
    ),
}


def _is_root() -> bool:
    return os.geteuid() == 0


def _listening(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=2):
            return True
    except OSError:
        return False


def ensure_debian_package(binary: Path, what: str, *packages: str) -> None:
    """A program from Debian, installed with apt when we are root."""
    if binary.exists():
        return
    if not _is_root() or not shutil.which("apt-get"):
        sys.exit(f"make test needs {what}: run `sudo apt-get install {packages[0]}`")
    print(f"preflight: installing {what}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env)


def ensure_service(name: str, address: tuple[str, int], start: str) -> None:
    """A local service the data-layer tests use; started when we can."""
    if _listening(address):
        return
    if _is_root():
        print(f"preflight: starting {name}", flush=True)
        subprocess.run(start, shell=True, check=False)  # noqa: S602 - fixed command
        for _ in range(30):
            if _listening(address):
                return
            subprocess.run(["sleep", "1"], check=False)
    host, port = address
    sys.exit(f"make test needs {name} listening on {host}:{port}; start it and retry")


def main() -> None:
    """Check everything, in the order a person would fix it."""
    ensure_debian_package(
        CHROMIUM, "Debian's chromium", "chromium", "fonts-dejavu-core"
    )
    # `nginx -t` checks the site file an operator copies (tests/deploy)
    ensure_debian_package(NGINX, "Debian's nginx", "nginx")
    for name, (address, start) in SERVICES.items():
        ensure_service(name, address, start)
    print("preflight: chromium, nginx, PostgreSQL and Redis are ready", flush=True)


if __name__ == "__main__":
    main()
