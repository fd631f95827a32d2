"""A minimal Streamlit websocket client: open a session, ask for a page, wait until its script finished.

It speaks just enough of Streamlit's protocol (protobuf over /_stcore/stream) to load pages the way a
browser tab does: a `rerun_script` BackMsg with the page's URL name and query string, then ForwardMsgs
until `script_finished` says the run completed. The few protobuf fields used are encoded and read by
hand (their numbers are checked against streamlit.proto in tests/trust), so `analysis/` never imports
Streamlit.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import websockets

# Field numbers in streamlit/proto (BackMsg.proto, ClientState.proto, ForwardMsg.proto).
BACK_MSG_RERUN_SCRIPT = 11
CLIENT_STATE_QUERY_STRING = 1
CLIENT_STATE_PAGE_NAME = 4
FORWARD_MSG_SCRIPT_FINISHED = 6
FORWARD_MSG_PAGE_NOT_FOUND = 15
FORWARD_MSG_DELTA = 5
SCRIPT_FINISHED_SUCCESSFULLY = 0
SCRIPT_FINISHED_WITH_COMPILE_ERROR = 1
_VARINT, _FIXED64, _LENGTH_DELIMITED, _FIXED32 = 0, 1, 2, 5


@dataclass(frozen=True)
class PageLoad:
    page: str
    seconds: float
    deltas: int  # elements the server sent for the page


class PageLoadError(Exception):
    pass


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _length_delimited(field: int, payload: bytes) -> bytes:
    return _varint(field << 3 | _LENGTH_DELIMITED) + _varint(len(payload)) + payload


def rerun_script_message(page_name: str, query_string: str = "") -> bytes:
    """BackMsg{rerun_script: ClientState{query_string, page_name}}, as the browser sends on navigation."""
    client_state = _length_delimited(CLIENT_STATE_QUERY_STRING, query_string.encode()) + _length_delimited(
        CLIENT_STATE_PAGE_NAME, page_name.encode()
    )
    return _length_delimited(BACK_MSG_RERUN_SCRIPT, client_state)


def _read_varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7


def top_level_fields(message: bytes) -> dict[int, int | bytes]:
    """Field number -> value (varint or bytes) for the top level of a protobuf message (last one wins)."""
    fields: dict[int, int | bytes] = {}
    position = 0
    while position < len(message):
        key, position = _read_varint(message, position)
        field, wire_type = key >> 3, key & 7
        if wire_type == _VARINT:
            fields[field], position = _read_varint(message, position)
        elif wire_type == _LENGTH_DELIMITED:
            length, position = _read_varint(message, position)
            fields[field] = message[position : position + length]
            position += length
        elif wire_type == _FIXED64:
            position += 8
        elif wire_type == _FIXED32:
            position += 4
        else:
            raise PageLoadError(f"unexpected protobuf wire type {wire_type}")
    return fields


class StreamlitSession:
    """One browser-tab-like session on a running server."""

    def __init__(self, base_url: str, timeout_seconds: float = 120.0) -> None:
        self._http = base_url.rstrip("/")
        self._stream = self._http.replace("http://", "ws://", 1) + "/_stcore/stream"
        self._timeout = timeout_seconds
        self._socket: websockets.ClientConnection | None = None
        self.received = (
            bytearray()
        )  # every message of the last load, as sent (for tests that look for a text)

    async def __aenter__(self) -> StreamlitSession:
        self._socket = await websockets.connect(
            self._stream,
            subprotocols=[websockets.Subprotocol("streamlit")],
            origin=websockets.Origin(self._http),
            max_size=None,
            open_timeout=self._timeout,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def load(self, page_name: str, query_string: str = "") -> PageLoad:
        """Ask for a page and wait for its run to finish successfully; the time a person waits for it."""
        assert self._socket is not None, "use the session as `async with`"
        started = time.perf_counter()
        await self._socket.send(rerun_script_message(page_name, query_string))
        deltas = 0
        self.received = bytearray()
        while True:
            raw = await asyncio.wait_for(self._socket.recv(), timeout=self._timeout)
            self.received += raw if isinstance(raw, bytes) else raw.encode()
            fields = top_level_fields(raw if isinstance(raw, bytes) else raw.encode())
            if FORWARD_MSG_DELTA in fields:
                deltas += 1
            if FORWARD_MSG_PAGE_NOT_FOUND in fields:
                raise PageLoadError(f"the server has no page {page_name!r}")
            status = fields.get(FORWARD_MSG_SCRIPT_FINISHED)
            if status == SCRIPT_FINISHED_SUCCESSFULLY:
                return PageLoad(page_name, time.perf_counter() - started, deltas)
            if status == SCRIPT_FINISHED_WITH_COMPILE_ERROR:
                raise PageLoadError(f"the page {page_name!r} failed to compile")
