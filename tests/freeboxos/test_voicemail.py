"""Voicemail (v10.1+) and marking calls read, client against simulator."""

from __future__ import annotations

import io
import wave

import pytest

from freeboxos import FreeboxApiError, InsufficientRightsError
from tests.freeboxos.simulated_box import simulated_box


async def test_a_message_left_is_listed_and_its_audio_is_a_playable_wav() -> None:
    async with simulated_box() as box:
        left = box.state.voicemail.leave("0612345678", duration=12)
        messages = await box.client.voicemail.all()
        audio = await box.client.voicemail.audio(left["id"])

    message = next(m for m in messages if m.id == left["id"])
    assert message.national_number == "0612345678" and message.duration == 12
    assert not message.read
    with wave.open(io.BytesIO(audio)) as wav:
        assert wav.getnframes() > 0 and wav.getframerate() > 0


async def test_the_document_example_message_is_there() -> None:
    async with simulated_box() as box:
        [message] = await box.client.voicemail.all()

    assert message.id == "20221215_154135_r0334371508.au"
    assert message.national_number == "0699999999" and message.country_code == "33"


async def test_a_message_marked_read_stays_read() -> None:
    async with simulated_box() as box:
        [message] = await box.client.voicemail.all()
        marked = await box.client.voicemail.mark_read(message.id)
        [again] = await box.client.voicemail.all()

    assert marked.read and again.read


async def test_the_audio_of_an_unknown_message_is_refused_not_returned_as_bytes() -> None:
    async with simulated_box() as box:
        with pytest.raises(FreeboxApiError) as refused:
            await box.client.voicemail.audio("nope.au")

    assert refused.value.error_code == "invalid_id"


async def test_a_box_before_10_1_has_no_voicemail() -> None:
    async with simulated_box(version="10.0") as box:
        with pytest.raises(FreeboxApiError):
            await box.client.voicemail.all()


async def test_voicemail_needs_the_calls_permission() -> None:
    async with simulated_box(withheld=("calls",)) as box:
        with pytest.raises(InsufficientRightsError) as refused:
            await box.client.voicemail.all()

    assert refused.value.missing_right == "calls"


async def test_a_missed_call_marked_read_is_no_longer_new() -> None:
    async with simulated_box() as box:
        entry = await box.state.missed_call("0612345678")
        marked = await box.client.calls.mark_read(entry["id"])
        calls = await box.client.list_calls()

    assert not marked.new
    assert not next(c for c in calls if c.id == entry["id"]).new


async def test_marking_all_calls_read_leaves_none_new() -> None:
    async with simulated_box() as box:
        await box.state.missed_call("0612345678")
        await box.state.missed_call("0988290475")
        await box.client.calls.mark_all_read()
        calls = await box.client.list_calls()

    assert calls and not any(call.new for call in calls)
