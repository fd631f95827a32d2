"""How the server and a console worker talk: length-prefixed frames over the worker's stdin and stdout.

A frame is 4 bytes (big-endian length of a JSON header), the header, 8 bytes (length of a binary body)
and the body (an Arrow IPC stream of the result, or nothing). The server reads a reply with a deadline
and a size cap, so a worker can neither stall nor flood it.
"""

from __future__ import annotations

import json
import os
import select
import struct
import time
from typing import IO, Any

HEADER_LENGTH = struct.Struct(">I")
BODY_LENGTH = struct.Struct(">Q")
MAX_HEADER_BYTES = 1024 * 1024


class WorkerGone(Exception):
    """The worker closed its end (it exited or was killed) before the frame was whole."""


class WorkerLate(Exception):
    """The deadline passed before the worker's frame arrived."""


class WorkerFlooding(Exception):
    """The worker announced a frame larger than the server accepts."""


def encode_frame(header: dict[str, Any], body: bytes = b"") -> bytes:
    encoded = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return HEADER_LENGTH.pack(len(encoded)) + encoded + BODY_LENGTH.pack(len(body)) + body


def write_frame(stream: IO[bytes], header: dict[str, Any], body: bytes = b"") -> None:
    stream.write(encode_frame(header, body))
    stream.flush()


def read_frame_blocking(stream: IO[bytes]) -> tuple[dict[str, Any], bytes] | None:
    """The next frame from `stream` (the worker's side), or None at the end of the stream."""
    head = _read_exactly(stream, HEADER_LENGTH.size)
    if head is None:
        return None
    (header_length,) = HEADER_LENGTH.unpack(head)
    header_bytes = _read_exactly(stream, header_length)
    size = _read_exactly(stream, BODY_LENGTH.size)
    if header_bytes is None or size is None:
        return None
    (body_length,) = BODY_LENGTH.unpack(size)
    body = _read_exactly(stream, body_length) if body_length else b""
    if body is None:
        return None
    return json.loads(header_bytes.decode("utf-8")), body


def _read_exactly(stream: IO[bytes], count: int) -> bytes | None:
    parts: list[bytes] = []
    remaining = count
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            return None
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


class DeadlineReader:
    """Reads frames from a worker's stdout file descriptor, each by a deadline and within a size cap."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor
        self.buffer = bytearray()

    def read_frame(self, deadline: float, max_body_bytes: int) -> tuple[dict[str, Any], bytes]:
        head = self._take(HEADER_LENGTH.size, deadline)
        (header_length,) = HEADER_LENGTH.unpack(head)
        if header_length > MAX_HEADER_BYTES:
            raise WorkerFlooding(f"a header of {header_length:,} bytes")
        header = json.loads(self._take(header_length, deadline).decode("utf-8"))
        (body_length,) = BODY_LENGTH.unpack(self._take(BODY_LENGTH.size, deadline))
        if body_length > max_body_bytes:
            raise WorkerFlooding(f"a result of {body_length:,} bytes")
        body = self._take(body_length, deadline) if body_length else b""
        return header, body

    def _take(self, count: int, deadline: float) -> bytes:
        while len(self.buffer) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerLate()
            ready, _, _ = select.select([self.descriptor], [], [], remaining)
            if not ready:
                raise WorkerLate()
            chunk = os.read(self.descriptor, max(65536, count - len(self.buffer)))
            if not chunk:
                raise WorkerGone()
            self.buffer.extend(chunk)
        taken = bytes(self.buffer[:count])
        del self.buffer[:count]
        return taken
