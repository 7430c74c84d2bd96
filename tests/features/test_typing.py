"""What people type is understood: unknown commands, French names, plain text, pasted links."""

from __future__ import annotations

from pathlib import Path

from bot.storage.models import Chat
from tests.features.household import FAMILY_GROUP, GUEST, MEMBER, OWNER, Household, household
from tests.features.test_alarm import send_pin

MAGNET = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=debian"


# -- unknown commands and French names --------------------------------------------


async def test_an_unknown_command_is_named_with_help_and_a_guess(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(MEMBER, "/foo")
        assert reply.visible_text == (
            "🤔 Je ne connais pas /foo. Tapez /aide pour voir ce que je sais faire."
        )
        [reply] = await home.say(MEMBER, "/dowloads", language="en")
        assert reply.visible_text == (
            "🤔 I don't know /dowloads. Send /help to see what I can do.\nDid you mean /downloads?"
        )


async def test_a_guest_is_not_guessed_a_command_above_their_role(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(GUEST, "/user")
        assert "Je ne connais pas /user" in reply.visible_text
        assert "/users" not in reply.visible_text, "a guest is not pointed at an owner's command"


async def test_in_the_group_an_unknown_command_is_answered_when_surely_ours(
    tmp_path: Path,
) -> None:
    async with household(tmp_path) as home:
        bot = home.telegram.bot_user["username"]
        [reply] = await home.say(MEMBER, f"/foo@{bot}", chat=FAMILY_GROUP, language="en")
        assert reply.visible_text.startswith("🤔 I don't know /foo.")
        [reply] = await home.say(MEMBER, "/alarmm", chat=FAMILY_GROUP)
        assert "Vouliez-vous dire /alarm ?" in reply.visible_text
        # Another bot's command, written bare, is not answered by this one.
        home.telegram.push_message(FAMILY_GROUP, MEMBER, "/roll", chat_type="group")
        [reply] = await home.say(MEMBER, "/aide", chat=FAMILY_GROUP)
        assert "Ce que je sais faire" in reply.visible_text


async def test_french_names_run_the_commands_with_their_roles(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(MEMBER, "/aide")
        assert "Ce que je sais faire" in reply.visible_text
        [panel] = await home.say(MEMBER, "/alarme")
        assert "🚨" in panel.visible_text and panel.button_labels
        [reply] = await home.say(MEMBER, "/ajouter https://example.org/debian-12.iso")
        assert "📥 Téléchargement ajouté" in reply.visible_text
        assert len(home.box.requests_to("downloads/add", "POST")) == 1
        [refused] = await home.say(GUEST, "/ajouter https://example.org/debian-12.iso")
        assert "votre rôle ne permet pas" in refused.visible_text
        [refused] = await home.say(MEMBER, "/invitation invité 48")
        assert "votre rôle ne permet pas" in refused.visible_text
        [invitation] = await home.say(OWNER, "/invitation invité 48")
        assert "t.me/" in invitation.visible_text
        assert len(home.box.requests_to("downloads/add", "POST")) == 1


# -- plain text in a private chat ----------------------------------------------------


async def test_plain_text_in_private_gets_a_pointer(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(MEMBER, "bonjour")
        assert reply.visible_text.startswith("💬 Je comprends les commandes, pas les phrases")
        assert "/aide" in reply.visible_text
        [reply] = await home.say(GUEST, "hello", language="en")
        assert reply.visible_text == (
            "💬 I understand commands, not sentences: send /help for the list."
        )


async def test_chatter_in_the_group_is_not_answered(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.telegram.push_message(FAMILY_GROUP, MEMBER, "on mange à 20 h", chat_type="group")
        [reply] = await home.say(MEMBER, "/aide", chat=FAMILY_GROUP)
        assert "Ce que je sais faire" in reply.visible_text, "the chatter got an answer"


# -- links pasted without /add ---------------------------------------------------------


async def test_a_pasted_link_is_added_after_the_question(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [question] = await home.say(MEMBER, "https://example.org/debian-12.iso")
        assert question.visible_text == (
            "📥 Ajouter ce téléchargement ?\n• https://example.org/debian-12.iso"
        )
        assert question.button_labels == ["📥 Ajouter", "✖️ Non merci"]
        assert home.box.requests_to("downloads/add") == [], "nothing added before the press"
        home.telegram.mark_seen(MEMBER)
        await home.press(MEMBER, question, "📥 Ajouter")
        [added] = await home.telegram.wait_for_messages(MEMBER, 1)
        assert added.visible_text.startswith("📥 Téléchargement ajouté :\n• debian-12.iso")
        [request] = home.box.requests_to("downloads/add", "POST")
        assert request.parsed_body == {"download_url": "https://example.org/debian-12.iso"}
        assert question.button_labels == [], "the question cannot add twice"


async def test_a_pasted_magnet_in_the_group_in_english(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [question] = await home.say(MEMBER, MAGNET, chat=FAMILY_GROUP, language="en")
        assert question.visible_text.startswith("📥 Add this download?")
        answer = await home.press(OWNER, question, "📥 Add", language="en")
        assert "text" in answer and home.box.requests_to("downloads/add") == [], (
            "only the person who pasted answers the question"
        )
        await home.press(MEMBER, question, "✖️ No thanks", language="en")
        assert question.visible_text == "✖️ Nothing was added."
        assert home.box.requests_to("downloads/add") == []


async def test_links_to_pages_in_the_group_and_guests_links_are_chat(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        for sender, text in (
            (MEMBER, "https://example.org/news/article.html"),
            (MEMBER, "https://example.org/"),
            (GUEST, MAGNET),
        ):
            home.telegram.push_message(FAMILY_GROUP, sender, text, chat_type="group")
        [reply] = await home.say(MEMBER, "/aide", chat=FAMILY_GROUP)
        assert "Ce que je sais faire" in reply.visible_text, "a shared link got a question"
        [reply] = await home.say(GUEST, MAGNET)
        assert reply.visible_text.startswith("💬"), "a guest cannot add: the pointer answers"


# -- /help ------------------------------------------------------------------------------


async def test_help_is_true_for_a_guest(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [guest_help] = await home.say(GUEST, "/help", language="en")
        text = guest_help.visible_text
        assert "/guest — Guest Wi-Fi with a QR code" in text
        assert "/guest list" not in text, "a guest may not list the keys"
        assert "notifications arrive here" not in text, "no notification reaches a guest"
        [member_help] = await home.say(MEMBER, "/help", language="en")
        assert "/guest list" in member_help.visible_text
        assert "notifications arrive here" in member_help.visible_text


async def test_help_shows_one_example_per_command_and_the_french_names(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [owner_help] = await home.say(OWNER, "/aide")
        lines = owner_help.visible_text.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("/alarm /alarme"))
        assert lines[at + 1].strip() == "Ex. : /alarm on, /alarm off"
        commands = [line.split()[0] for line in lines if line.startswith("/")]
        examples = [line for line in lines if line.strip().startswith("Ex. :")]
        assert len(examples) == len(commands), "one example per command"
        [member_help] = await home.say(MEMBER, "/help", chat=FAMILY_GROUP, language="en")
        assert "e.g. /add https://example.org/film.mkv" in member_help.visible_text
        assert "/ajouter" not in member_help.visible_text, "French names in French only"


async def test_the_command_menu_is_published_for_groups_in_both_languages(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        # The unlabelled menu is set last.
        await home.telegram.wait_for(
            lambda: bool(home.telegram.commands_for("", "all_group_chats"))
        )
        for language in ("fr", "en", ""):
            group = home.telegram.commands_for(language, "all_group_chats")
            private = home.telegram.commands_for(language, "all_private_chats")
            assert group == private, "a group offers the members' commands"
            assert "pair" not in {c["command"] for c in group}
        fr = home.telegram.commands_for("fr", "all_group_chats")
        en = home.telegram.commands_for("en", "all_group_chats")
        assert fr != en, "descriptions are translated"


# -- buttons in a group ------------------------------------------------------------------


async def test_a_button_pressed_by_someone_else_names_its_person(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [question] = await home.say(MEMBER, "/alarm on", chat=FAMILY_GROUP)
        refused = await home.press(OWNER, question, "✅ Confirmer")
        assert refused["text"] == "🚫 Ce bouton est pour Marie."
        in_english = await home.press(GUEST, question, "✅ Confirmer", language="en")
        assert in_english["text"] == "🚫 This button is for Marie."
        assert home.box.home.alarm_state() == "idle"
        await home.press(MEMBER, question, "✅ Confirmer")
        assert home.box.home.alarm_state() == "alarm1_armed"


# -- the chat's language ----------------------------------------------------------------


async def chat_language(home: Household, chat_id: int) -> str | None:
    async with home.running.bot.running.sessions() as session:
        row = await session.get(Chat, chat_id)
        return row.language if row is not None else None


async def test_a_group_keeps_the_language_it_chose(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.say(MEMBER, "/start", chat=FAMILY_GROUP)
        assert await chat_language(home, FAMILY_GROUP) == "fr"
        [reply] = await home.say(MEMBER, "/language en", chat=FAMILY_GROUP)
        assert reply.visible_text.startswith("🇬🇧 Done: in this chat")
        assert await chat_language(home, FAMILY_GROUP) == "en"
        # Someone else greeting the bot in French does not switch the group back.
        await home.say(OWNER, "/start", chat=FAMILY_GROUP, language="fr")
        assert await chat_language(home, FAMILY_GROUP) == "en"
        # The group's replies speak the group's language, whoever asks.
        [reply] = await home.say(OWNER, "/langue", chat=FAMILY_GROUP)
        assert reply.visible_text.startswith("🗣 This chat speaks English.")
        [reply] = await home.say(OWNER, "/langue français", chat=FAMILY_GROUP)
        assert reply.visible_text.startswith("🇫🇷 C'est noté")
        assert await chat_language(home, FAMILY_GROUP) == "fr"
        [refused] = await home.say(GUEST, "/language en", chat=FAMILY_GROUP)
        assert "votre rôle ne permet pas" in refused.visible_text
        assert await chat_language(home, FAMILY_GROUP) == "fr"


async def test_a_private_chat_chooses_its_language_too(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.say(MEMBER, "/start")
        [reply] = await home.say(MEMBER, "/language english")
        assert reply.visible_text.startswith("🇬🇧 Done")
        assert await chat_language(home, MEMBER) == "en"
        [usage] = await home.say(MEMBER, "/language klingon", language="en")
        assert usage.visible_text == (
            "🗣 This chat speaks English.\nTo change it: /language fr or /language en."
        )


# -- what the owners hear ------------------------------------------------------------------

NEWCOMER = 1005


async def test_the_owners_hear_when_an_invitation_is_used(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(OWNER, "/invite invité 48")
        code = reply.visible_text.split("start=")[1].split()[0]
        home.telegram.mark_seen(OWNER)
        await home.say(NEWCOMER, f"/start {code}")
        [notice] = await home.telegram.wait_for_messages(OWNER, 1)
        assert notice.visible_text == "🎟 Alice a utilisé une invitation : invité."


async def test_the_owners_hear_of_a_lockout_in_their_language(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.say(OWNER, "/language en")
        home.box.home.arm("alarm1")
        for _ in range(3):
            [panel] = await home.say(MEMBER, "/alarm")
            await home.press(MEMBER, panel, "🔓 Désarmer")
            await home.telegram.wait_for_messages(MEMBER, 1)  # the prompt
            send_pin(home, MEMBER, "1234")
            await home.telegram.wait_for_messages(MEMBER, 1)  # wrong, or locked
        [notice] = await home.telegram.wait_for_messages(OWNER, 1)
        assert notice.visible_text == (
            "🚨 Alice typed three wrong PINs: disarming is locked for them for 15 min."
        )
        assert home.box.home.alarm_state() == "alarm1_armed"


# -- /users: roles and pending invitations ---------------------------------------------------


async def test_an_owner_changes_a_role_after_confirming(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [listing] = await home.say(OWNER, "/users")
        assert "⬇️ Marie invité" in listing.button_labels
        home.telegram.mark_seen(OWNER)
        await home.press(OWNER, listing, "⬇️ Marie invité")
        [question] = await home.telegram.wait_for_messages(OWNER, 1)
        assert question.visible_text == "Faire de Marie un invité ?"
        [panel] = await home.say(MEMBER, "/alarm")
        assert panel.button_labels, "nothing changes before the confirmation"
        await home.press(OWNER, question, "✅ Oui")
        assert question.visible_text == "✅ Marie est maintenant invité."
        [refused] = await home.say(MEMBER, "/alarm")
        assert "votre rôle ne permet pas" in refused.visible_text


async def test_a_pending_invitation_is_revoked_from_users_in_the_group(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        [reply] = await home.say(OWNER, "/invite guest 48", language="en")
        code = reply.visible_text.split("start=")[1].split()[0]
        [listing] = await home.say(OWNER, "/users", chat=FAMILY_GROUP, language="en")
        assert (
            "Invitations not used yet\n🎟 #1: a guest, valid for 48 more h" in listing.visible_text
        )
        assert code not in listing.visible_text, "the link stays a secret"
        home.telegram.mark_seen(FAMILY_GROUP)
        await home.press(OWNER, listing, "✖️ Revoke invitation #1", language="en")
        [question] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        assert question.visible_text.startswith("Revoke invitation #1?")
        refused = await home.press(MEMBER, question, "✅ Yes", language="en")
        assert refused["text"].startswith("🚫 This button is for"), refused
        await home.press(OWNER, question, "✅ Yes", language="en")
        assert question.visible_text == "🎟 Invitation #1 is revoked: its link no longer works."
        [refused] = await home.say(NEWCOMER, f"/start {code}")
        assert "n'est plus valable" in refused.visible_text
        [listing] = await home.say(OWNER, "/users", chat=FAMILY_GROUP, language="en")
        assert "Invitations not used yet" not in listing.visible_text


async def test_a_torrent_shared_in_the_group_is_asked_about_in_english(tmp_path: Path) -> None:
    torrent = b"d8:announce35:udp://tracker.example.org:1337/announce4:infod4:name3:isoee"
    async with household(tmp_path) as home:
        home.telegram.mark_seen(FAMILY_GROUP)
        home.telegram.push_document(
            FAMILY_GROUP,
            MEMBER,
            "debian.torrent",
            torrent,
            "application/x-bittorrent",
            caption="dir: /Disque dur/Linux",
            chat_type="group",
            language_code="en",
        )
        [question] = await home.telegram.wait_for_messages(FAMILY_GROUP, 1)
        assert question.visible_text.startswith("📥 Add this download?\n• debian.torrent\n")
        assert home.telegram.calls_to("getFile") == [], "nothing is fetched before the press"
        await home.press(MEMBER, question, "✖️ No thanks", language="en")
        assert question.visible_text == "✖️ Nothing was added."
        assert home.box.requests_to("downloads/add") == []


async def test_a_group_the_household_adds_the_bot_to_is_greeted_in_its_language(
    tmp_path: Path,
) -> None:
    cousins = -100777
    async with household(tmp_path) as home:
        home.telegram.add_chat(cousins, chat_type="supergroup", title="Cousins")
        home.telegram.mark_seen(cousins)
        home.telegram.push_chat_member_update(cousins, MEMBER, "member", old_status="left")
        [welcome] = await home.telegram.wait_for_messages(cousins, 1)
        assert welcome.visible_text.startswith("👋 Bonjour ! Ici je parle français")
        assert "/language en" in welcome.visible_text
        assert await chat_language(home, cousins) == "fr"
