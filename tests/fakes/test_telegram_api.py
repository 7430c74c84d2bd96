"""The fake Telegram Bot API server, driven through a real python-telegram-bot Bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
from collections.abc import AsyncIterator

import aiohttp
import pytest
import segno
import telegram
from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from .telegram_api import FakeTelegram

CHAT = 4242
USER = 4242


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server
    assert server.internal_errors == []


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[telegram.Bot]:
    tg_bot = telegram.Bot(
        fake.token, base_url=f"{fake.url}/bot", base_file_url=f"{fake.url}/file/bot"
    )
    async with tg_bot:  # initialize() calls getMe
        yield tg_bot


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"cb:{label}") for label in labels]]
    )


def qr_png(data: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(data).save(buffer, kind="png", scale=4)
    return buffer.getvalue()


async def test_initialize_and_send_message_are_recorded(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    assert bot.username == fake.bot_username
    message = await bot.send_message(
        CHAT, "<b>Salut</b> &amp; bienvenue", parse_mode=ParseMode.HTML, reply_markup=keyboard("OK")
    )

    # PTB parsed the answer into its objects.
    assert message.message_id == 1
    assert message.chat.id == CHAT
    assert message.text == "Salut & bienvenue"
    assert isinstance(message.date, dtm.datetime)
    assert message.from_user is not None and message.from_user.id == bot.id
    assert message.reply_markup is not None
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "cb:OK"

    # The fake recorded what the user sees.
    [sent] = fake.messages(CHAT)
    assert sent.text == "<b>Salut</b> &amp; bienvenue"
    assert sent.visible_text == "Salut & bienvenue"
    assert sent.parse_mode == "HTML"
    assert sent.button_labels == ["OK"]
    assert sent.callback_data("OK") == "cb:OK"
    assert [call.method for call in fake.calls] == ["getMe", "sendMessage"]
    call = fake.calls_to("sendMessage")[0]
    assert call.params["chat_id"] == CHAT
    assert isinstance(call.raw["reply_markup"], str)  # PTB sends JSON-encoded strings
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "OK", "callback_data": "cb:OK"}]]
    }


async def test_edits_keep_history_and_follow_telegram_rules(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    message = await bot.send_message(CHAT, "Étape 1", reply_markup=keyboard("Suivant"))

    edited = await bot.edit_message_text(
        "Étape 2", CHAT, message.message_id, reply_markup=keyboard("Fin")
    )
    assert isinstance(edited, telegram.Message)
    assert edited.text == "Étape 2"
    assert edited.edit_date is not None

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "Étape 2", CHAT, message.message_id, reply_markup=keyboard("Fin")
        )

    await bot.edit_message_reply_markup(CHAT, message.message_id, reply_markup=None)
    sent = fake.message(CHAT, message.message_id)
    assert sent.text == "Étape 2"
    assert sent.reply_markup is None
    assert sent.history == ["Étape 1", "Étape 2", "Étape 2"]
    assert [edit.method for edit in sent.edits] == ["editMessageText", "editMessageReplyMarkup"]

    # Like Telegram, editing the text without reply_markup removes the inline keyboard.
    await bot.edit_message_reply_markup(CHAT, message.message_id, reply_markup=keyboard("A"))
    await bot.edit_message_text("Étape 3", CHAT, message.message_id)
    assert sent.reply_markup is None and sent.text == "Étape 3"

    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("?", CHAT, 999)
    with pytest.raises(BadRequest, match=r"(?i)there is no caption"):
        await bot.edit_message_caption(CHAT, message.message_id, caption="x")

    assert await bot.delete_message(CHAT, message.message_id) is True
    assert sent.deleted
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(CHAT, message.message_id)


async def test_photo_bytes_are_kept_and_caption_is_editable(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    png = qr_png("https://example.invalid/pair?token=abc")
    message = await bot.send_photo(CHAT, photo=png, caption="Scannez-moi")

    sent = fake.last_message(CHAT)
    assert sent.kind == "photo"
    assert sent.photo == png
    assert sent.caption == "Scannez-moi"
    assert message.photo[-1].width > 0 and message.photo[-1].width == message.photo[-1].height
    assert message.caption == "Scannez-moi"

    await bot.edit_message_caption(CHAT, message.message_id, caption="Expiré")
    assert sent.history == ["Scannez-moi", "Expiré"]

    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await bot.send_photo(CHAT, photo=b"not an image")


async def test_documents_and_file_download_round_trip(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    sent_doc = await bot.send_document(CHAT, document=b"a;b\n1;2\n", filename="export.csv")
    assert sent_doc.document is not None and sent_doc.document.file_name == "export.csv"
    recorded = fake.last_message(CHAT)
    assert recorded.document == b"a;b\n1;2\n" and recorded.file_name == "export.csv"

    content = b"-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n"
    fake.push_document(CHAT, USER, "box.pem", content, "application/x-pem-file")
    [update] = await bot.get_updates(timeout=5)
    assert update.message is not None and update.message.document is not None
    document = update.message.document
    assert document.file_name == "box.pem"
    assert document.mime_type == "application/x-pem-file"

    tg_file = await bot.get_file(document.file_id)
    assert tg_file.file_path is not None and tg_file.file_path.startswith(fake.url)
    assert await tg_file.download_as_bytearray() == bytearray(content)
    assert len(fake.downloads) == 1

    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")


async def test_long_poll_returns_as_soon_as_a_message_is_pushed(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10, allowed_updates=["message"]))
    await fake.wait_for(
        lambda: any(call.status is None for call in fake.calls_to("getUpdates")),
        description="the long poll to be pending",
    )
    loop = asyncio.get_running_loop()
    pushed_at = loop.time()
    fake.push_message(CHAT, USER, "/start abc", language_code="en", first_name="Bob")
    updates = await asyncio.wait_for(poll, 5)
    assert loop.time() - pushed_at < 2

    [update] = updates
    assert isinstance(update, Update)
    assert update.message is not None
    assert update.message.text == "/start abc"
    assert update.message.parse_entities(["bot_command"])  # CommandHandler's test
    assert update.effective_user is not None
    assert update.effective_user.language_code == "en"
    assert update.effective_user.first_name == "Bob"
    assert update.effective_chat is not None and update.effective_chat.type == "private"

    # Not confirmed yet: returned again. Confirmed by a higher offset: gone.
    [again] = await bot.get_updates(timeout=0)
    assert again.update_id == update.update_id
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()
    assert fake.pending_updates == []

    second = fake.push_message(CHAT, USER, "hello")
    assert second["update_id"] > update.update_id


async def test_long_poll_honours_its_timeout(fake: FakeTelegram, bot: telegram.Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= loop.time() - started < 3


async def test_callback_query_update_and_answer(fake: FakeTelegram, bot: telegram.Bot) -> None:
    message = await bot.send_message(CHAT, "Choisir", reply_markup=keyboard("Oui", "Non"))
    data = fake.last_message(CHAT).callback_data("Oui")
    fake.push_callback(CHAT, USER, data, message.message_id)

    [update] = await bot.get_updates(timeout=5)
    query = update.callback_query
    assert query is not None
    assert query.data == "cb:Oui"
    assert query.message is not None and query.message.message_id == message.message_id
    assert query.from_user.id == USER

    assert await bot.answer_callback_query(query.id, text="C'est noté") is True
    call = await fake.wait_for_call("answerCallbackQuery")
    assert call.params["text"] == "C'est noté"
    assert fake.callback_answers[query.id]["text"] == "C'est noté"

    with pytest.raises(BadRequest, match=r"(?i)query ID is invalid"):
        await bot.answer_callback_query("123")


async def test_a_ptb_application_polls_the_fake(fake: FakeTelegram) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Bienvenue", reply_markup=keyboard("Go"))

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"Choisi : {query.data}")

    application = (
        Application.builder()
        .token(fake.token)
        .base_url(f"{fake.url}/bot")
        .base_file_url(f"{fake.url}/file/bot")
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(pressed))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=5)
        try:
            fake.push_message(CHAT, USER, "/start")
            [welcome] = await fake.wait_for_messages(CHAT)
            assert welcome.text == "Bienvenue"

            fake.push_callback(CHAT, USER, welcome.callback_data("Go"), welcome.message_id)
            await fake.wait_for(lambda: welcome.edited, description="the welcome to be edited")
            assert welcome.text == "Choisi : cb:Go"
            assert welcome.reply_markup is None
            assert len(fake.callback_answers) == 1
        finally:
            await application.updater.stop()
            await application.stop()
    assert fake.calls_to("deleteWebhook")


async def test_fail_next_answers_5xx_then_recovers(fake: FakeTelegram, bot: telegram.Bot) -> None:
    fake.fail_next(2)
    await bot.get_me()  # not a sending method: unaffected
    for _ in range(2):
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(CHAT, "x")
    await bot.send_message(CHAT, "x")
    assert [call.status for call in fake.calls_to("sendMessage")] == [500, 500, 200]
    assert len(fake.messages(CHAT)) == 1  # failed calls had no effect

    fake.fail_next(1, status=502, methods="all")
    with pytest.raises(NetworkError):
        await bot.get_me()

    fake.fail_next(3, status=503)
    fake.reset_failures()
    await bot.send_message(CHAT, "y")


async def test_flood_raises_retry_after(fake: FakeTelegram, bot: telegram.Bot) -> None:
    fake.flood(7)
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(CHAT, "x")
    assert raised.value.retry_after == dtm.timedelta(seconds=7)
    response = fake.calls[-1].response
    assert response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    await bot.send_message(CHAT, "x")


async def test_blocked_and_kicked_chats_are_forbidden(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    fake.block_chat(CHAT)
    fake.kick_from_chat(-100123)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "x")
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(-100123, "x")
    await bot.send_message(CHAT + 1, "other chats still work")

    fake.migrate_chat(-555, -100555)
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(-555, "x")
    assert migrated.value.new_chat_id == -100555

    fake.reset_failures()
    await bot.send_message(CHAT, "x")
    await bot.send_message(-100123, "x")


async def test_stop_refuses_connections_until_restart_on_the_same_port(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    url = fake.url
    await bot.send_message(CHAT, "before")
    await fake.stop()
    with pytest.raises(NetworkError):
        await bot.send_message(CHAT, "during")
    await fake.start()
    assert fake.url == url
    await bot.send_message(CHAT, "after")
    assert [sent.text for sent in fake.messages(CHAT)] == ["before", "after"]


async def test_stop_releases_a_pending_long_poll(fake: FakeTelegram, bot: telegram.Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for(lambda: fake.calls_to("getUpdates"))
    await asyncio.wait_for(fake.stop(), 5)
    assert await asyncio.wait_for(poll, 5) == ()


async def test_wrong_token_and_unknown_method(fake: FakeTelegram, bot: telegram.Bot) -> None:
    intruder = telegram.Bot(
        "987654321:AAWrongTokenWrongTokenWrongToken123",
        base_url=f"{fake.url}/bot",
        base_file_url=f"{fake.url}/file/bot",
    )
    with pytest.raises(InvalidToken):
        async with intruder:  # initialize() calls getMe; a failure shuts the Bot down
            pass
    assert fake.calls[-1].status == 401 and not fake.calls[-1].token_ok

    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("fooBar")
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.url}/bot{fake.token}/fooBar") as response,
    ):
        assert response.status == 404
        assert await response.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }


async def test_commands_are_recorded_per_language_and_scope(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    await bot.set_my_commands([BotCommand("start", "Démarrer")], language_code="fr")
    await bot.set_my_commands(
        [BotCommand("start", "Start"), BotCommand("help", "Help")],
        scope=BotCommandScopeAllPrivateChats(),
        language_code="en",
    )
    assert fake.commands_for("fr") == [{"command": "start", "description": "Démarrer"}]
    assert [c["command"] for c in fake.commands_for("en", "all_private_chats")] == [
        "start",
        "help",
    ]
    assert fake.commands_for("en") == []
    fetched = await bot.get_my_commands(language_code="fr")
    assert fetched == (BotCommand("start", "Démarrer"),)

    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Start!", "x")])


async def test_formatting_and_keyboards_are_checked_like_telegram(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)Unsupported start tag"):
        await bot.send_message(CHAT, "Box <Freebox Delta>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)Can't find end tag"):
        await bot.send_message(CHAT, "<b>gras", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)Character '\.' is reserved"):
        await bot.send_message(CHAT, "v1.2", parse_mode=ParseMode.MARKDOWN_V2)
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(
            CHAT,
            "x",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("b", callback_data="x" * 65)]]
            ),
        )
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(CHAT, "x" * 4097)
    assert fake.messages(CHAT) == []

    await bot.send_message(
        CHAT, r"*Box* v1\.2 \- [aide](https://example.org)", parse_mode="MarkdownV2"
    )
    assert fake.last_message(CHAT).visible_text == "Box v1.2 - aide"


async def test_get_chat_and_harmless_methods(fake: FakeTelegram, bot: telegram.Bot) -> None:
    fake.push_message(CHAT, USER, "hi", first_name="Alice", username="alice")
    chat = await bot.get_chat(CHAT)
    assert chat.type == "private" and chat.first_name == "Alice" and chat.username == "alice"
    group = await bot.get_chat(-100777)
    assert group.type == "supergroup"

    assert await bot.delete_webhook(drop_pending_updates=True) is True
    assert fake.pending_updates == []
    assert await bot.send_chat_action(CHAT, "typing") is True
    assert await bot.log_out() is True
    assert await bot.close() is True


async def test_strict_chats_refuse_unknown_chats() -> None:
    async with FakeTelegram(strict_chats=True) as fake, fake.make_bot() as bot:
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(CHAT, "x")
        fake.add_chat(CHAT)
        await bot.send_message(CHAT, "x")


async def test_wait_for_messages_is_a_mailbox_and_times_out_usefully(
    fake: FakeTelegram, bot: telegram.Bot
) -> None:
    await bot.send_message(CHAT, "un")
    await bot.send_message(CHAT, "deux")
    [first] = await fake.wait_for_messages(CHAT)
    [second] = await fake.wait_for_messages(CHAT)
    assert (first.text, second.text) == ("un", "deux")
    assert fake.unseen_messages(CHAT) == []

    waiter = asyncio.create_task(fake.wait_for_messages(CHAT, count=1, timeout=5))
    await asyncio.sleep(0)
    await bot.send_message(CHAT, "trois")
    assert [m.text for m in await waiter] == ["trois"]

    with pytest.raises(AssertionError) as raised:
        await fake.wait_for_messages(CHAT, count=2, timeout=0.2)
    report = str(raised.value)
    assert "2 new message(s) to chat 4242" in report
    assert "sendMessage(chat_id=4242, text=trois) -> 200" in report
    assert "'trois'" in report
