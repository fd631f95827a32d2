"""The load client's hand-written download messages are what Streamlit reads and writes."""

from __future__ import annotations

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load_bench import visit_pages
from benchmarks.streamlit_client import (
    BACKEND_OPERATION_DEFERRED_FILE,
    BACKEND_OPERATION_REQUEST_ID,
    DEFERRED_FILE_RESPONSE_URL,
    FORWARD_MSG_BACKEND_OPERATION_RESPONSE,
    FORWARD_MSG_NEW_SESSION,
    INITIALIZE_SESSION_ID,
    NEW_SESSION_INITIALIZE,
    deferred_download_message,
    deferred_file_ids,
    top_level_fields,
)


def test_the_download_click_is_what_streamlit_reads() -> None:
    message = BackMsg()
    message.ParseFromString(deferred_download_message("req-1", "session-9", "ab" * 16))
    assert message.WhichOneof("type") == "backend_operation_request"
    request = message.backend_operation_request
    assert (request.request_id, request.session_id, request.deferred_file.file_id) == (
        "req-1",
        "session-9",
        "ab" * 16,
    )


def test_the_answer_and_the_session_id_are_read() -> None:
    answer = ForwardMsg()
    answer.backend_operation_response.request_id = "req-1"
    answer.backend_operation_response.deferred_file.url = "/media/abc.png"
    response = top_level_fields(answer.SerializeToString())[FORWARD_MSG_BACKEND_OPERATION_RESPONSE]
    assert isinstance(response, bytes)
    fields = top_level_fields(response)
    assert fields[BACKEND_OPERATION_REQUEST_ID] == b"req-1"
    payload = fields[BACKEND_OPERATION_DEFERRED_FILE]
    assert (
        isinstance(payload, bytes)
        and top_level_fields(payload)[DEFERRED_FILE_RESPONSE_URL] == b"/media/abc.png"
    )
    new_session = ForwardMsg()
    new_session.new_session.initialize.session_id = "0f1e-2d3c"
    outer = top_level_fields(new_session.SerializeToString())[FORWARD_MSG_NEW_SESSION]
    assert isinstance(outer, bytes)
    initialize = top_level_fields(outer)[NEW_SESSION_INITIALIZE]
    assert (
        isinstance(initialize, bytes) and top_level_fields(initialize)[INITIALIZE_SESSION_ID] == b"0f1e-2d3c"
    )


def test_the_download_buttons_file_ids_are_found_by_key() -> None:
    deltas = b""
    for key, file_id in (("chart-download-png", "1" * 32), ("chart-download-csv", "2" * 32)):
        message = ForwardMsg()
        button = message.delta.new_element.download_button
        button.id = f"$$ID-0123-{key}"
        button.label = "PNG"
        button.deferred_file_id = file_id
        deltas += message.SerializeToString()
    assert deferred_file_ids(deltas, "-download-png") == ["1" * 32]
    assert deferred_file_ids(deltas, "-download-csv") == ["2" * 32]
    assert deferred_file_ids(deltas, "-download-pdf") == []


def test_every_person_opens_two_different_pages_after_the_overview() -> None:
    visits = [visit_pages(person) for person in range(24)]
    assert all(first != second for first, second in visits)
    assert len(set(visits)) >= 8  # the four other pages in many pairs, not one route for everyone
