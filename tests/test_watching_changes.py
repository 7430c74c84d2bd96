"""What the watcher calls news, from what real boxes list (captures in tests/data/real-box)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.box.watching import push_unavailable
from bot.box.watching.sources import Mark, finished_since, first_seen, missed_since
from bot.box.watching.states import alarm_changes, connection_changes
from freeboxos import CallEntry, DownloadTask, LanHost

REAL_BOX = Path(__file__).parent / "data/real-box"


def _real(name: str) -> Any:
    return json.loads((REAL_BOX / name).read_text())


def _calls() -> list[CallEntry]:
    return [CallEntry.from_api(entry) for entry in _real("call_get_calls_log.json")]


def _missed(number: str, call_id: int, when: datetime) -> CallEntry:
    return CallEntry(id=call_id, type="missed", datetime=when, number=number, name=number)


def test_the_box_version_decides_first_then_the_chat_target() -> None:
    assert push_unavailable(10, registered_targets=2), "below v11 the box cannot push to us"
    assert push_unavailable(15, registered_targets=0), "no target: nowhere to push"
    assert not push_unavailable(11, registered_targets=1)


def test_a_real_call_log_is_a_mark_not_news() -> None:
    events, mark = missed_since(_calls(), None)
    assert events == []
    assert mark["last_id"] == max(call.id for call in _calls())


def test_calls_after_the_log_was_emptied_are_still_news() -> None:
    calls = _calls()
    _, mark = missed_since(calls, None)
    later = max(call.datetime for call in calls) + timedelta(minutes=5)
    # The box emptied its log and counts ids from 1 again.
    events, _ = missed_since([_missed("0611223344", 1, later)], mark)
    assert [event.payload["data"]["number"] for event in events] == ["0611223344"]


def test_only_missed_calls_are_told_oldest_first() -> None:
    calls = _calls()
    _, mark = missed_since(calls, None)
    start = max(call.datetime for call in calls)
    answered = replace(_missed("0100000000", 200, start + timedelta(minutes=1)), type="accepted")
    first = _missed("0611111111", 201, start + timedelta(minutes=2))
    second = _missed("0622222222", 202, start + timedelta(minutes=3))
    events, mark = missed_since([second, first, answered, *calls], mark)
    assert [event.payload["data"]["number"] for event in events] == ["0611111111", "0622222222"]
    assert missed_since([second, first, answered, *calls], mark)[0] == [], "told once"


def _task(task_id: int, status: str) -> DownloadTask:
    return DownloadTask(id=task_id, name=f"task{task_id}", type="bt", status=status)


def test_a_torrent_told_done_then_seeding_done() -> None:
    _, mark = finished_since([_task(1, "downloading")], None)
    events, mark = finished_since([_task(1, "seeding")], mark)
    assert [e.payload["event"] for e in events] == ["task_done"]
    events, mark = finished_since([_task(1, "done")], mark)
    assert [e.payload["event"] for e in events] == ["task_seeding_done"]
    assert finished_since([_task(1, "done")], mark)[0] == []


def test_a_task_added_and_finished_between_two_readings_is_told() -> None:
    _, mark = finished_since([], None)
    events, _ = finished_since([_task(7, "done"), _task(8, "queued")], mark)
    assert [(e.payload["data"], e.payload["event"]) for e in events] == [(7, "task_done")]


_STATUSES = st.sampled_from(["queued", "downloading", "seeding", "done", "error", "stopped"])


@given(st.lists(_STATUSES, min_size=1, max_size=12))
def test_each_status_change_is_told_at_most_once(statuses: list[str]) -> None:
    mark: Mark | None = None
    told: list[str] = []
    for status in statuses:
        for _ in range(2):  # a second reading of the same list says nothing more
            events, mark = finished_since([_task(1, status)], mark)
            told += [e.payload["event"] for e in events]
    changes = sum(1 for before, now in pairwise(statuses) if before != now)
    assert len(told) <= changes


def _hosts() -> list[tuple[str, LanHost]]:
    return [("pub", LanHost.from_api(host)) for host in _real("lan_get_hosts_list.json")]


def test_a_host_first_seen_is_told_with_its_interface() -> None:
    hosts = _hosts()
    _, mark = first_seen(hosts[1:], None)
    events, mark = first_seen(hosts, mark)
    assert [e.payload["host_id"] for e in events] == [hosts[0][1].id]
    assert events[0].payload["event"] == "first_connection"
    assert first_seen(hosts, mark)[0] == []


def test_the_connection_on_its_way_up_is_not_news() -> None:
    _, mark = connection_changes("up", None, "12:00")
    assert connection_changes("going_down", mark, "12:01")[0] == []
    events, mark = connection_changes("down", mark, "12:02")
    assert events[0].payload["args"] == {"time": "12:02"}
    assert connection_changes("going_up", mark, "12:03")[0] == []
    events, _ = connection_changes("up", mark, "12:04")
    assert [e.payload for e in events] == [{"type": "box_state", "event": "pub_up"}]


def test_the_alarm_counting_down_is_not_news_and_the_siren_is_told_once() -> None:
    _, mark = alarm_changes("idle", None)
    assert alarm_changes("alarm1_arming", mark)[0] == []
    events, mark = alarm_changes("alarm1_alert_timer", mark)
    assert [e.payload["event"] for e in events] == ["alarm_triggered"]
    assert alarm_changes("alert", mark)[0] == [], "the siren after the countdown: same alert"


def test_a_real_connection_status_is_read() -> None:
    state = _real("connection_get_status.json")["state"]
    assert connection_changes(state, None, "12:00") == ([], {"state": state})


def test_marks_stay_json() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    for _, mark in (
        missed_since([_missed("0611223344", 1, now)], None),
        finished_since([_task(1, "done")], None),
        first_seen(_hosts(), None),
    ):
        assert json.loads(json.dumps(mark)) == mark
