"""A hand-driven Streamlit websocket, as an attacker scripts one: any cookie, any session id, any widget trigger.

Unlike `benchmarks/streamlit_client.py` (which only loads pages and never imports Streamlit),
this speaks the protocol with Streamlit's own protobuf classes, so a test can read the buttons a page
drew (their widget ids) and send back exactly the message a click on one of them sends, at any later
moment: after a sign-out, after `user remove`, or from another connection presenting the session's id.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

TIMEOUT = 120.0
FINISHED_EARLY_FOR_RERUN = 2  # ForwardMsg.ScriptFinishedStatus


@dataclass
class Run:
    """What one script run sent: its elements' text, and the buttons by label -> widget id."""

    texts: list[str] = field(default_factory=list)
    buttons: dict[str, str] = field(default_factory=dict)
    metrics: dict[str, str] = field(default_factory=dict)  # label -> the figure shown
    text_inputs: dict[str, str] = field(default_factory=dict)  # label -> widget id
    kinds: set[str] = field(default_factory=set)  # every element type drawn (e.g. "file_uploader")
    raw: bytes = b""

    def shows(self, text: str) -> bool:
        return text.encode() in self.raw

    def button(self, label_start: str) -> str:
        """The widget id of the one button whose label starts with `label_start`."""
        [widget_id] = [widget for label, widget in self.buttons.items() if label.startswith(label_start)]
        return widget_id


class RawSession:
    """One websocket to a running dashboard, with the cookies and session id the caller chooses."""

    def __init__(self, base_url: str, *, cookie: str | None = None, session_id: str | None = None) -> None:
        self.http = base_url.rstrip("/")
        self.cookie = cookie
        self.resume = session_id
        self.session_id: str | None = session_id
        self._socket: websockets.ClientConnection | None = None

    async def __aenter__(self) -> RawSession:
        # Sec-WebSocket-Protocol: "streamlit", an XSRF token (none here), and the session to resume
        protocols = ["streamlit", "no-xsrf-token", self.resume] if self.resume else ["streamlit"]
        headers = {"Cookie": self.cookie} if self.cookie else {}
        self._socket = await websockets.connect(
            self.http.replace("http://", "ws://", 1) + "/_stcore/stream",
            subprotocols=[websockets.Subprotocol(protocol) for protocol in protocols],
            origin=websockets.Origin(self.http),
            additional_headers=headers,
            max_size=None,
            open_timeout=TIMEOUT,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def run(
        self, page_name: str = "", *, trigger: str | None = None, texts: dict[str, str] | None = None
    ) -> Run:
        """A rerun of `page_name`, optionally with the button `trigger` (a widget id) clicked and text
        inputs filled in (`texts`: widget id -> value), as a browser sends a submitted form."""
        assert self._socket is not None
        message = BackMsg()
        message.rerun_script.page_name = page_name
        message.rerun_script.query_string = ""
        if trigger is not None:
            state = WidgetState(id=trigger, trigger_value=True)
            message.rerun_script.widget_states.widgets.append(state)
        for widget_id, value in (texts or {}).items():
            message.rerun_script.widget_states.widgets.append(WidgetState(id=widget_id, string_value=value))
        await self._socket.send(message.SerializeToString())
        run = Run()
        raw = bytearray()
        while True:
            data = await asyncio.wait_for(self._socket.recv(), timeout=TIMEOUT)
            assert isinstance(data, bytes)
            raw += data
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.session_id = forward.new_session.initialize.session_id
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                run.kinds.add(str(element.WhichOneof("type")))
                if element.WhichOneof("type") == "text_input":
                    run.text_inputs[element.text_input.label] = element.text_input.id
                elif element.WhichOneof("type") == "button":
                    run.buttons[element.button.label] = element.button.id
                elif element.WhichOneof("type") == "metric":
                    run.metrics[element.metric.label] = element.metric.body
                elif element.WhichOneof("type") == "markdown":
                    run.texts.append(element.markdown.body)
            elif kind == "script_finished":
                if forward.script_finished == FINISHED_EARLY_FOR_RERUN:  # st.rerun / switch_page: go on
                    run, raw = Run(), bytearray()
                    continue
                run.raw = bytes(raw)
                return run
