"""A multipart upload read straight from the request stream into storage.

Werkzeug's own parser would spool each file to a temporary file of its own
before the view runs; here every chunk goes to the storage's temporary file as it
arrives (hashed on the way), so memory stays at one chunk whatever the size and
the bytes are written once. Small fields (the CSRF token) must come before the
files; anything odd aborts every file begun: nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.sansio.multipart import (
    Data,
    Epilogue,
    Field,
    File,
    MultipartDecoder,
    NeedData,
)

from lti_app import storage
from lti_app.storage import PendingWrite
from lti_app.submissions.errors import (
    IncompleteUploadError,
    NoFileError,
    TooLargeError,
    TooManyFilesError,
)

# Each read is copied a few times on its way (server buffers, decoder): small reads
# keep the memory of thirty simultaneous uploads small.
CHUNK = 64 * 1024
MAX_FIELD_BYTES = 4096
MAX_PARTS = 50


@dataclass
class ReceivedFile:
    """A file written to a temporary place, not yet committed."""

    sent_name: str
    pending: PendingWrite


@dataclass
class Received:
    """The small fields and the files of one upload."""

    fields: dict[str, str] = field(default_factory=dict)
    files: list[ReceivedFile] = field(default_factory=list)

    def abort(self) -> None:
        """Remove every temporary file."""
        for item in self.files:
            item.pending.abort()


@dataclass(frozen=True)
class Limits:
    """How much one upload may carry."""

    max_files: int
    max_bytes: int
    file_field: str = "files"


def drain(stream: IO[bytes]) -> None:
    """Read what the client still sends (bounded by its Content-Length) so that it
    gets our answer instead of a reset connection."""
    while stream.read(CHUNK):
        pass


class _Reader:
    """Feeds decoder events into fields and pending files."""

    def __init__(self, limits: Limits, open_file: Callable[[int], PendingWrite],
                 before_first_file: Callable[[dict[str, str]], None]) -> None:  # fmt: skip
        self.limits, self.open_file = limits, open_file
        self.before_first_file = before_first_file
        self.received = Received()
        self.part: Field | File | None = None
        self.buffer = bytearray()

    def start(self, event: Field | File) -> None:
        self.part, self.buffer = event, bytearray()
        if not isinstance(event, File):
            return
        if event.name != self.limits.file_field or not event.filename:
            self.part = None  # an empty file input, or a stray file field: skipped
            return
        if not self.received.files:
            self.before_first_file(self.received.fields)
        if len(self.received.files) >= self.limits.max_files:
            raise TooManyFilesError(self.limits.max_files)
        pending = self.open_file(self.limits.max_bytes)
        self.received.files.append(ReceivedFile(event.filename, pending))

    def data(self, event: Data) -> None:
        if isinstance(self.part, File):
            try:
                self.received.files[-1].pending.write(event.data)
            except storage.TooLargeError as error:
                raise TooLargeError(error.limit) from error
        elif isinstance(self.part, Field):
            self.buffer += event.data
            if len(self.buffer) > MAX_FIELD_BYTES:
                raise IncompleteUploadError()
            if not event.more_data:
                value = self.buffer.decode("utf-8", "replace")
                self.received.fields.setdefault(self.part.name, value)


def receive(stream: IO[bytes], boundary: bytes, limits: Limits,
            open_file: Callable[[int], PendingWrite],
            before_first_file: Callable[[dict[str, str]], None]) -> Received:  # fmt: skip
    """Read the whole upload; on any error, abort the files and drain the rest."""
    reader = _Reader(limits, open_file, before_first_file)
    # Fields are bounded by the reader; the decoder's own bound would count file
    # chunks too. Its buffer holds one chunk and the boundary look-ahead.
    decoder = MultipartDecoder(boundary, max_parts=MAX_PARTS)
    try:
        _run(stream, decoder, reader)
    except BaseException:
        reader.received.abort()
        drain(stream)
        raise
    if not reader.received.files:
        raise NoFileError()
    return reader.received


def _run(stream: IO[bytes], decoder: MultipartDecoder, reader: _Reader) -> None:
    finished = False
    while not finished:
        chunk = stream.read(CHUNK)
        try:
            decoder.receive_data(chunk or None)
            event = decoder.next_event()
            while not isinstance(event, (Epilogue, NeedData)):
                if isinstance(event, (Field, File)):
                    reader.start(event)
                elif isinstance(event, Data):
                    reader.data(event)
                event = decoder.next_event()
        except (
            ValueError,
            RequestEntityTooLarge,
        ) as error:  # malformed, too many parts
            raise IncompleteUploadError() from error
        finished = isinstance(event, Epilogue)
        if not chunk and not finished:
            raise IncompleteUploadError()  # the stream ended mid-part
