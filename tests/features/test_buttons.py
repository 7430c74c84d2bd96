"""An inline button acts only in the chat its message is in, and only for its person when
it is personal; a refused press says why, in the presser's language, and uses nothing up."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import FAMILY_GROUP, GUEST, MEMBER, OWNER, household

OTHER_CHAT = "🚫 Ce bouton n'est pas pour cette conversation."
SOMEONE_ELSE = "🚫 Ce bouton est pour Marie."


async def test_a_button_copied_into_another_chat_is_refused_and_still_works_at_home(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        [task] = home.box.downloads.add_urls(["https://example.org/debian.iso"])
        [listing] = await home.say(MEMBER, "/downloads", chat=FAMILY_GROUP)
        pause = listing.callback_data("Pause")
        # The member's own chat with the bot: a message of the bot carrying copied data.
        [own] = await home.say(MEMBER, "/help")
        refused = await home.press_data(MEMBER, own, pause)
        assert (refused["text"], refused.get("show_alert")) == (OTHER_CHAT, True)
        in_english = await home.press_data(OWNER, own, pause, language="en")
        assert in_english["text"] == "🚫 This button is not for this chat."
        assert home.box.requests_to(f"downloads/{task.id}", "PUT") == []

        accepted = await home.press(MEMBER, listing, "Pause")
        assert "expiré" not in (accepted.get("text") or ""), "the refused press used it up"
        assert home.box.requests_to(f"downloads/{task.id}", "PUT")


async def test_a_personal_button_is_refused_to_someone_else_and_not_used_up(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        [question] = await home.say(MEMBER, "/guest", chat=FAMILY_GROUP)
        # A guest may make guest keys: only the person check stands in the way.
        refused = await home.press(GUEST, question, "2 h")
        assert (refused["text"], refused.get("show_alert")) == (SOMEONE_ELSE, True)
        in_english = await home.press(OWNER, question, "2 h", language="en")
        assert in_english["text"] == "🚫 This button is for Marie."
        assert home.box.wifi.keys == {}

        accepted = await home.press(MEMBER, question, "2 h")
        assert not accepted.get("show_alert"), accepted
        [photo] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        assert photo.kind == "photo"
        [key] = home.box.wifi.keys.values()
        assert key.duration == 7200


async def test_a_press_without_a_message_is_refused(tmp_path: Path) -> None:
    """A button on an inline-mode message comes with no message, so with no chat to check."""
    async with household(tmp_path) as home:
        [task] = home.box.downloads.add_urls(["https://example.org/debian.iso"])
        [listing] = await home.say(MEMBER, "/downloads", chat=FAMILY_GROUP)
        update = home.telegram.push_callback(
            FAMILY_GROUP,
            MEMBER,
            listing.callback_data("Pause"),
            listing.message_id,
            inline=True,
        )
        query_id = update["callback_query"]["id"]
        await home.telegram.wait_for(lambda: query_id in home.telegram.callback_answers)
        assert home.telegram.callback_answers[query_id]["text"] == OTHER_CHAT
        assert home.box.requests_to(f"downloads/{task.id}", "PUT") == []
        await home.press(MEMBER, listing, "Pause")
        assert home.box.requests_to(f"downloads/{task.id}", "PUT")
