"""A minimal Streamlit websocket client: open a session, ask for a page, wait until its script finished.

It speaks just enough of Streamlit's protocol (protobuf over /_stcore/stream) to load pages the way a
browser tab does: a `rerun_script` BackMsg with the page's URL name and query string, then ForwardMsgs
until `script_finished` says the run completed. The few protobuf fields used are encoded and read by
hand (their numbers are checked against streamlit.proto in tests/benchmarks), so `analysis/` never imports
Streamlit.
"""

from __future__ import annotations

import asyncio
import http.client
import re
import time
import urllib.parse
import uuid
from dataclasses import dataclass

import websockets

# Field numbers in streamlit/proto (BackMsg.proto, ClientState.proto, ForwardMsg.proto).
BACK_MSG_RERUN_SCRIPT = 11
CLIENT_STATE_QUERY_STRING = 1
CLIENT_STATE_PAGE_NAME = 4
FORWARD_MSG_SCRIPT_FINISHED = 6
FORWARD_MSG_PAGE_NOT_FOUND = 15
FORWARD_MSG_DELTA = 5
FORWARD_MSG_NEW_SESSION = 4
NEW_SESSION_INITIALIZE = 1
INITIALIZE_SESSION_ID = 6
BACKEND_OPERATION_SESSION_ID = 2
FORWARD_MSG_BACKEND_OPERATION_RESPONSE = 27
BACK_MSG_BACKEND_OPERATION_REQUEST = 19
BACKEND_OPERATION_REQUEST_ID = 1
BACKEND_OPERATION_DEFERRED_FILE = 3  # in the request and in the response
DEFERRED_FILE_REQUEST_FILE_ID = 1
DEFERRED_FILE_RESPONSE_URL = 1
BACKEND_OPERATION_RESPONSE_ERROR = 2
DOWNLOAD_BUTTON_DEFERRED_FILE_ID = 12
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


@dataclass(frozen=True)
class Download:
    key: str  # the button's widget key, e.g. "overview.members_over_time-download-png"
    seconds: float  # from the click to the last byte of the file
    size: int  # bytes
    retries: int = 0  # clicks again after the made file was gone (see StreamlitSession.download)


class FileGone(Exception):
    """The address the server gave for a made file answered 404."""


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


def deferred_download_message(request_id: str, session_id: str, file_id: str) -> bytes:
    """BackMsg{backend_operation_request: {request_id, session_id, deferred_file: {file_id}}}: a download
    button click."""
    payload = _length_delimited(DEFERRED_FILE_REQUEST_FILE_ID, file_id.encode())
    request = (
        _length_delimited(BACKEND_OPERATION_REQUEST_ID, request_id.encode())
        + _length_delimited(BACKEND_OPERATION_SESSION_ID, session_id.encode())
        + _length_delimited(BACKEND_OPERATION_DEFERRED_FILE, payload)
    )
    return _length_delimited(BACK_MSG_BACKEND_OPERATION_REQUEST, request)


# A deferred download button in the page's deltas: its widget id (which ends in the button's key) and,
# after it, field 12 (deferred_file_id) holding a 32-digit hex id.
_DEFERRED_FILE_ID = re.compile(rb"\x62\x20([0-9a-f]{32})")


def deferred_file_ids(received: bytes, key_suffix: str) -> list[str]:
    """The deferred file ids of the download buttons whose key ends in `key_suffix` (e.g. "-download-png"),
    in page order. The button's id (field 1, which holds its key) comes before its deferred file id."""
    found = []
    for match in re.finditer(re.escape(key_suffix.encode()), received):
        after = _DEFERRED_FILE_ID.search(received, match.end(), match.end() + 4096)
        if after:
            found.append(after.group(1).decode())
    return found


def first_visit_cookies(base_url: str, timeout_seconds: float = 30.0) -> str:
    """The cookies a browser gets with the app's page (a proxy's route cookie, Streamlit's XSRF cookie),
    as a Cookie header value."""
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=timeout_seconds
    )
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        cookies = [
            value.split(";", 1)[0] for name, value in response.getheaders() if name.lower() == "set-cookie"
        ]
    finally:
        connection.close()
    return "; ".join(cookie for cookie in cookies if "=" in cookie)


def _http_get(base_url: str, path: str, cookies: str, timeout_seconds: float) -> bytes:
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=timeout_seconds
    )
    try:
        connection.request("GET", path, headers={"Cookie": cookies} if cookies else {})
        response = connection.getresponse()
        body = response.read()
        if response.status == 404:
            raise FileGone(path)
        if response.status != 200:
            raise PageLoadError(f"GET {path.split('?')[0]} answered {response.status}")
        return body
    finally:
        connection.close()


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

    def __init__(self, base_url: str, timeout_seconds: float = 120.0, cookies: str = "") -> None:
        self._http = base_url.rstrip("/")
        self.session_id = ""  # the server's id for this session (from its first new_session message)
        self.cookies = cookies  # sent with the websocket and downloads (behind a proxy: its route cookie)
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
            additional_headers={"Cookie": self.cookies} if self.cookies else None,
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
            new_session = fields.get(FORWARD_MSG_NEW_SESSION)
            if isinstance(new_session, bytes):
                initialize = top_level_fields(new_session).get(NEW_SESSION_INITIALIZE)
                if isinstance(initialize, bytes):
                    session_id = top_level_fields(initialize).get(INITIALIZE_SESSION_ID)
                    if isinstance(session_id, bytes):
                        self.session_id = session_id.decode()
            if FORWARD_MSG_PAGE_NOT_FOUND in fields:
                raise PageLoadError(f"the server has no page {page_name!r}")
            status = fields.get(FORWARD_MSG_SCRIPT_FINISHED)
            if status == SCRIPT_FINISHED_SUCCESSFULLY:
                return PageLoad(page_name, time.perf_counter() - started, deltas)
            if status == SCRIPT_FINISHED_WITH_COMPILE_ERROR:
                raise PageLoadError(f"the page {page_name!r} failed to compile")

    async def download(self, key_suffix: str, *, retried: bool = False) -> Download:
        """Click the first download button of the last page whose key ends in `key_suffix`, and fetch the
        file as the browser does: the server makes it, answers with its address, and the file is fetched."""
        assert self._socket is not None, "use the session as `async with`"
        file_ids = deferred_file_ids(bytes(self.received), key_suffix)
        if not file_ids:
            raise PageLoadError(f"no download button ending in {key_suffix!r} on the page")
        started = time.perf_counter()
        request_id = uuid.uuid4().hex
        await self._socket.send(deferred_download_message(request_id, self.session_id, file_ids[0]))
        while True:
            raw = await asyncio.wait_for(self._socket.recv(), timeout=self._timeout)
            fields = top_level_fields(raw if isinstance(raw, bytes) else raw.encode())
            response = fields.get(FORWARD_MSG_BACKEND_OPERATION_RESPONSE)
            if not isinstance(response, bytes):
                continue
            answer = top_level_fields(response)
            if answer.get(BACKEND_OPERATION_REQUEST_ID) != request_id.encode():
                continue
            payload = answer.get(BACKEND_OPERATION_DEFERRED_FILE)
            if not isinstance(payload, bytes):
                raise PageLoadError(f"the download failed: {answer.get(BACKEND_OPERATION_RESPONSE_ERROR)!r}")
            url = top_level_fields(payload).get(DEFERRED_FILE_RESPONSE_URL)
            if not isinstance(url, bytes):
                raise PageLoadError("the download's answer has no address")
            break
        try:
            body = await asyncio.to_thread(_http_get, self._http, url.decode(), self.cookies, self._timeout)
        except FileGone:
            # Streamlit drops a made file that no session's page refers to after two other runs end
            # anywhere on the server: under load that can happen before the browser fetches it. A person
            # clicks again; so does this client, once, and the retry is counted.
            if retried:
                raise
            again = await self.download(key_suffix, retried=True)
            return Download(key_suffix, time.perf_counter() - started, again.size, retries=1)
        return Download(key_suffix, time.perf_counter() - started, len(body))
