"""What a handler raises to tell the worker how a delivery went."""

from __future__ import annotations


class DeliveryError(Exception):
    """A delivery did not happen; ``reason`` is shown to staff, so no secrets in it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason[:500]


class RetryLater(DeliveryError):  # noqa: N818 - read as an instruction: "retry later"
    """A transient failure (the peer is down, busy or answered 5xx): try again."""


class Refused(DeliveryError):  # noqa: N818 - read as the outcome: "refused"
    """The peer refused the message for good: keep it as failed until resent."""
