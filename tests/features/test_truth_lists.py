"""After an action on a list or a key, what the chat sees says what is true now."""

from __future__ import annotations

from pathlib import Path

from tests.features.household import FAMILY_GROUP, MEMBER, Household, household


async def _guest_key_photo(home: Household, chat: int, language: str, label: str) -> int:
    """MEMBER makes a guest key in `chat`; returns the id of the QR photo's message."""
    [question] = await home.say(MEMBER, "/guest", chat=chat, language=language)
    await home.press(MEMBER, question, label, language=language)
    [photo] = await home.telegram.wait_for_messages(chat, 1)
    assert photo.kind == "photo"
    return photo.message_id


async def test_a_revoked_keys_qr_photo_says_it_is_revoked(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        photo_id = await _guest_key_photo(home, FAMILY_GROUP, "fr", "1 jour")
        [listing] = await home.say(MEMBER, "/guest list", chat=FAMILY_GROUP)
        await home.press(MEMBER, listing, "Révoquer 1")
        photo = home.telegram.message(FAMILY_GROUP, photo_id)
        await home.telegram.wait_for(lambda: "révoqué" in photo.visible_text)
        assert photo.visible_text.startswith("🚫 Accès Wi-Fi invité révoqué")
        assert "Mot de passe" not in photo.visible_text, "the dead password is no longer shown"


async def test_in_english_the_photo_too_and_other_keys_photos_stay(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        kept_id = await _guest_key_photo(home, MEMBER, "en", "1 day")
        revoked_id = await _guest_key_photo(home, MEMBER, "en", "2 hours")
        kept_caption = home.telegram.message(MEMBER, kept_id).visible_text
        [listing] = await home.say(MEMBER, "/guest list", language="en")
        await home.press(MEMBER, listing, "Revoke 2", language="en")
        revoked = home.telegram.message(MEMBER, revoked_id)
        await home.telegram.wait_for(lambda: "revoked" in revoked.visible_text)
        assert revoked.visible_text.startswith("🚫 Guest Wi-Fi access revoked")
        assert home.telegram.message(MEMBER, kept_id).visible_text == kept_caption


async def test_deleting_a_download_redraws_the_list_it_came_from(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.downloads.add_urls(["https://example.org/one.iso"])
        [listing] = await home.say(MEMBER, "/downloads", language="en")
        assert "one.iso" in listing.visible_text
        await home.press(MEMBER, listing, "🗑 Delete", language="en")
        [dialog] = await home.telegram.wait_for_messages(MEMBER, 1)
        await home.press(MEMBER, dialog, "keep the files", language="en")
        await home.telegram.wait_for(lambda: "one.iso" not in listing.visible_text)
        assert listing.visible_text.startswith("😌 No download in progress")
        assert listing.buttons == [], "no button left for a task that is gone"
