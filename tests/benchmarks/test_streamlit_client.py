"""The load benchmark's hand-written protobuf agrees with Streamlit's own messages."""

from __future__ import annotations

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.load_bench import LevelResult
from benchmarks.streamlit_client import (
    FORWARD_MSG_DELTA,
    FORWARD_MSG_PAGE_NOT_FOUND,
    FORWARD_MSG_SCRIPT_FINISHED,
    SCRIPT_FINISHED_SUCCESSFULLY,
    SCRIPT_FINISHED_WITH_COMPILE_ERROR,
    PageLoad,
    rerun_script_message,
    top_level_fields,
)


def test_the_rerun_request_is_what_streamlit_reads() -> None:
    message = BackMsg()
    message.ParseFromString(rerun_script_message("governance", "as_of=2023-11-19&lang=zh"))
    assert message.WhichOneof("type") == "rerun_script"
    assert message.rerun_script.page_name == "governance"
    assert message.rerun_script.query_string == "as_of=2023-11-19&lang=zh"


def test_script_finished_and_page_not_found_are_recognised() -> None:
    finished = ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    assert (
        top_level_fields(finished.SerializeToString())[FORWARD_MSG_SCRIPT_FINISHED]
        == SCRIPT_FINISHED_SUCCESSFULLY
    )
    failed = ForwardMsg()
    failed.script_finished = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
    assert top_level_fields(failed.SerializeToString())[FORWARD_MSG_SCRIPT_FINISHED] == (
        SCRIPT_FINISHED_WITH_COMPILE_ERROR
    )
    missing = ForwardMsg()
    missing.page_not_found.page_name = "data"
    assert FORWARD_MSG_PAGE_NOT_FOUND in top_level_fields(missing.SerializeToString())
    delta = ForwardMsg()
    delta.hash = "abc"
    delta.delta.new_element.markdown.body = "x" * 300  # long enough for a two-byte length
    fields = top_level_fields(delta.SerializeToString())
    assert FORWARD_MSG_DELTA in fields and fields[1] == b"abc"


def test_the_95th_percentile_of_twenty_loads() -> None:
    # times 0.1, 0.2, ... 2.0 s: the 95th percentile is the 19th of 20 sorted times (0.95 * 20 = 19) = 1.9 s
    loads = [PageLoad("", seconds / 10, 1) for seconds in range(20, 0, -1)]
    assert LevelResult(4, loads, [], 10.0).percentile(0.95) == 1.9
    assert LevelResult(4, loads, [], 10.0).percentile(0.5) == 1.0
