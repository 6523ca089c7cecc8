"""Read one value out of a /metrics page (Prometheus' text format)."""

from __future__ import annotations

from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

LOOPBACK = {"REMOTE_ADDR": "127.0.0.1"}


def scrape(client: FlaskClient) -> str:
    """/metrics as Prometheus on this machine reads it."""
    response = client.get("/metrics", environ_base=LOOPBACK)
    assert response.status_code == 200, response.text
    assert response.mimetype == "text/plain"
    return response.text


def sample(text: str, name: str, **labels: str) -> float:
    """The value of sample ``name`` with exactly these labels; 0 when absent."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return float(found.value)
    return 0.0
