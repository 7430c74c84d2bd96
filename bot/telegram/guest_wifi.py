"""/guest: hand out the guest Wi-Fi with a QR code; /guest list: see and revoke the accesses.

Each access is a "custom key": a random password, Internet only (`net_only`), revoked by
the box itself when its duration ends. From API v14 keys join the box's dedicated guest
network; before, they join the existing Wi-Fi, whose SSID the BSS status names
(`freeboxos.capabilities` says which). The chat that made a key is warned shortly before
it ends (`guest_wifi_expiry`).
"""

from __future__ import annotations

import contextlib
import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ContextTypes, filters

from bot.guest_wifi_qr import new_guest_password, qr_png, wifi_payload, wifi_security
from bot.i18n import format_clock, format_day, translate
from bot.periodic import Periodic
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import Asker, ask
from bot.telegram.box_errors import box_error_text
from bot.telegram.buttons import ButtonPress
from bot.telegram.choices import choice_buttons
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.guest_wifi_expiry import GuestKeyExpiries
from bot.telegram.guest_wifi_photos import GuestQrPhotos, QrPhoto
from bot.telegram.guest_wifi_users import joined_line
from bot.telegram.message_edits import edit_pressed
from freeboxos import FreeboxClient, FreeboxError, NotFoundError, WifiBss, WifiCustomKey
from freeboxos.capabilities import GuestSsidSource, guest_key_max_users, guest_ssid_source

log = logging.getLogger(__name__)

CREATE = "guest_create"
REVOKE = "guest_revoke"
# The durations offered, in seconds: 2 hours, 1 day, 1 week.
DURATIONS = (2 * 3600, 24 * 3600, 7 * 24 * 3600)
# Guests join an isolated network: Internet only, no access to the household's devices.
ACCESS_TYPE = "net_only"
LIST_WORDS = frozenset({"list", "liste"})
MAX_DESCRIPTION = 64
MAX_LISTED = 20


@dataclass(frozen=True)
class GuestAccess:
    """A key just created, with what a phone needs to join its network."""

    key_id: int
    ssid: str
    key: str
    hidden: bool
    wifi_on: bool
    remaining: int
    security: str = "WPA"


@dataclass(frozen=True)
class GuestNetwork:
    """Where a guest key lets a phone in: the SSID, whether it is hidden, its encryption."""

    ssid: str
    hidden: bool
    encryption: str | None


class GuestWifiCommands:
    commands = (CommandInfo("guest", Role.GUEST, "guest-wifi-cmd"),)

    def __init__(self, services: BotServices) -> None:
        self._services = services
        self._expiries = GuestKeyExpiries(services)
        self._photos = GuestQrPhotos(services.sessions)
        self.ticks = (Periodic(self._expiries.announce_due),)

    def register(self, application: BotApplication) -> None:
        new = filters.UpdateType.MESSAGE  # editing a /guest message must not ask again
        application.add_handler(CommandHandler("guest", self.share_guest_wifi, filters=new))
        self._services.buttons.on(CREATE, self.create_guest_key, role=Role.GUEST)
        self._services.buttons.on(REVOKE, self.revoke_guest_key, role=Role.MEMBER)

    async def share_guest_wifi(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Ask how long the guest access should last (`/guest list` lists them instead)."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        args = context.args or []
        if args and args[0].lower() in LIST_WORDS:
            await self._list_guest_keys(asker, args)
            return
        description = " ".join(args)
        if len(description) > MAX_DESCRIPTION:
            await asker.reply(asker.text("guest-wifi-usage", max=MAX_DESCRIPTION))
            return
        markup = await self._duration_buttons(asker, description)
        await asker.reply(_question(asker.language, description), markup)

    async def _list_guest_keys(self, asker: Asker, args: list[str]) -> None:
        """Show the guest accesses on the box, each with a Revoke button (members only)."""
        role = await self._services.gate.role(asker.user.id)
        if role is None or not role.allows(Role.MEMBER):
            await asker.reply(asker.text("access-not-allowed"))
            return
        if len(args) > 1:
            await asker.reply(asker.text("guest-wifi-usage", max=MAX_DESCRIPTION))
            return
        try:
            keys = await (await self._services.link.client()).list_wifi_custom_keys()
        except FreeboxError as exc:
            await asker.reply_box_error(exc)
            return
        await asker.reply(*await self._key_list(asker.chat.id, asker.language, keys))

    async def create_guest_key(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Create the key on the box, then send its QR code with the network and password."""
        language, duration = press.language, int(press.data["duration"])
        description, box_description = str(press.data["description"]), _box_description(press)
        await edit_pressed(update, translate(language, "guest-wifi-creating"))
        try:
            client = await self._services.link.client()
            api_version = (await self._services.link.box()).api.api_version
            access = await _create_access(client, api_version, duration, box_description)
        except FreeboxError as exc:
            log.info("could not create a guest Wi-Fi key: %s", exc)
            await edit_pressed(update, box_error_text(language, exc))
            return None
        if update.effective_chat is not None:
            await self._expiries.remember(
                update.effective_chat, language, access.key_id, box_description, access.remaining
            )
        label = translate(language, "guest-wifi-duration", duration=duration)
        await edit_pressed(update, translate(language, "guest-wifi-created", duration=label))
        payload = wifi_payload(
            access.ssid, access.key, hidden=access.hidden, security=access.security
        )
        photo = qr_png(payload)
        caption = self._caption(language, access, description)
        if update.effective_message is None:
            sent = await context.bot.send_photo(press.chat_id, photo, caption=caption)
        else:
            sent = await update.effective_message.reply_photo(photo, caption=caption)
        await self._photos.remember(
            access.key_id, QrPhoto(press.chat_id, sent.message_id, language)
        )
        return None

    async def revoke_guest_key(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Revoke the key (the box disconnects its devices), then show the list again."""
        language, key_id = press.language, int(press.data["key_id"])
        try:
            client = await self._services.link.client()
            with contextlib.suppress(NotFoundError):  # expired or revoked in Freebox OS
                await client.delete_wifi_custom_key(key_id)
            await self._expiries.forget(key_id)
            await self._photos.mark_revoked(context.bot, key_id)
            keys = await client.list_wifi_custom_keys()
        except FreeboxError as exc:
            log.info("could not revoke a guest Wi-Fi key: %s", exc)
            await edit_pressed(update, box_error_text(language, exc))
            return None
        text, markup = await self._key_list(press.chat_id, language, keys)
        await edit_pressed(update, text, markup)
        return translate(language, "guest-wifi-revoked")

    async def _duration_buttons(self, asker: Asker, description: str) -> InlineKeyboardMarkup:
        """One button per duration, for the asker only, expiring together once one is pressed."""
        name = asker.user.full_name or str(asker.user.id)
        keys = [
            (
                asker.text("guest-wifi-duration", duration=duration),
                CREATE,
                {"duration": duration, "description": description, "asker": name},
            )
            for duration in DURATIONS
        ]
        return await choice_buttons(
            self._services.buttons, keys, chat_id=asker.chat.id, user_id=asker.user.id
        )

    async def _key_list(
        self, chat_id: int, language: str, keys: Sequence[WifiCustomKey]
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        """The keys (text, HTML) and a Revoke button for each, all expiring on the first press."""
        if not keys:
            return translate(language, "guest-wifi-none"), None
        buttons, group = self._services.buttons, self._services.buttons.new_group()
        lines = [translate(language, "guest-wifi-list-title", count=len(keys))]
        rows: list[list[InlineKeyboardButton]] = []
        for index, key in enumerate(keys[:MAX_LISTED], start=1):
            name = key.description or translate(language, "guest-wifi-unnamed")
            lines.append(self._key_block(language, index, name, key))
            label = translate(language, "guest-wifi-button-revoke", index=index, name=name[:32])
            data = {"key_id": key.id}
            rows.append([await buttons.button(label, REVOKE, data, chat_id=chat_id, group=group)])
        if len(keys) > MAX_LISTED:
            lines.append(translate(language, "guest-wifi-more", count=len(keys) - MAX_LISTED))
        return "\n\n".join(lines), InlineKeyboardMarkup(rows)

    def _key_block(self, language: str, index: int, name: str, key: WifiCustomKey) -> str:
        """`1. Name` then when it ends, how long is left, and how many devices used it."""
        when = self._until(language, key.remaining)
        if key.remaining > 0:
            left = _human_duration(language, key.remaining)
            when += f" ({translate(language, 'guest-wifi-left', duration=left)})"
        uses = translate(language, "guest-wifi-uses", count=key.use_count)
        if key.max_use_count:
            uses = translate(
                language, "guest-wifi-uses-max", count=key.use_count, max=key.max_use_count
            )
        details = [f"⏳ {when}", f"📱 {uses}"]
        if key.access_type != ACCESS_TYPE:
            details.append(translate(language, "guest-wifi-full-access"))
        joined = joined_line(language, key)
        block = f"{index}. <b>{html.escape(name)}</b>\n" + " · ".join(details)
        return block if joined is None else f"{block}\n{joined}"

    def _caption(self, language: str, access: GuestAccess, description: str) -> str:
        """The photo's caption: network, password, until when; the description; a warning."""
        lines = [
            translate(
                language,
                "guest-wifi-caption",
                ssid=html.escape(access.ssid),
                key=html.escape(access.key),
                until=self._until(language, access.remaining),
            )
        ]
        if description:
            shown = html.escape(description)
            lines.append(translate(language, "guest-wifi-caption-description", description=shown))
        if not access.wifi_on:
            lines.append(translate(language, "guest-wifi-wifi-off"))
        return "\n".join(lines)

    def _until(self, language: str, remaining: int) -> str:
        """`until 12/03/2025 at 18:30` in the household's time zone (0: no limit)."""
        if remaining <= 0:
            return translate(language, "guest-wifi-forever")
        end, zone = self._services.clock() + timedelta(seconds=remaining), self._services.zone
        date, time = format_day(end, language, zone), format_clock(end, language, zone)
        return translate(language, "guest-wifi-until", date=date, time=time)


async def _create_access(
    client: FreeboxClient, api_version: str, duration: int, description: str
) -> GuestAccess:
    """Read the guest network first (no key is left behind if that fails), then create the key."""
    network = await _guest_network(client, api_version)
    wifi = await client.get_wifi_config()
    password = new_guest_password()
    created = await client.create_wifi_custom_key(
        key=password,
        duration=duration,
        description=description,
        max_use_count=guest_key_max_users(api_version),
        access_type=ACCESS_TYPE,
    )
    return GuestAccess(
        key_id=created.id,
        ssid=network.ssid,
        key=created.key or password,
        hidden=network.hidden,
        wifi_on=wifi.enabled,
        remaining=created.remaining or duration,
        security=wifi_security(network.encryption),
    )


async def _guest_network(client: FreeboxClient, api_version: str) -> GuestNetwork:
    """The network a guest key joins on a box of this version.

    Raises:
        NotFoundError: before v14, the box has no Wi-Fi network to join.
    """
    source = guest_ssid_source(api_version)
    if source is GuestSsidSource.GUEST_NETWORK:
        config = await client.get_wifi_custom_key_config()
        return GuestNetwork(config.ssid, config.hide_ssid, config.encryption)
    bss = _main_bss(await client.list_wifi_bss())
    if bss is None:
        raise NotFoundError("the box has no Wi-Fi network for guests", error_code="noent")
    ssid = bss.ssid
    if source is GuestSsidSource.BSS_CUSTOM_KEY_SSID and bss.custom_key_ssid:
        ssid = bss.custom_key_ssid
    return GuestNetwork(ssid, bss.hide_ssid, bss.encryption)


def _main_bss(every_bss: Sequence[WifiBss]) -> WifiBss | None:
    """The BSS guests join: the first active one, else the first listed."""
    active = [b for b in every_bss if b.enabled and b.state == "active"]
    return next(iter(active or every_bss), None)


def _box_description(press: ButtonPress) -> str:
    """The description given with /guest, else who asked (Freebox OS shows it)."""
    given = str(press.data["description"])
    if given:
        return given
    asker = str(press.data["asker"])
    return translate(press.language, "guest-wifi-default-description", name=asker)


def _question(language: str, description: str) -> str:
    if not description:
        return translate(language, "guest-wifi-question")
    return translate(
        language, "guest-wifi-question-described", description=html.escape(description)
    )


def _human_duration(language: str, seconds: int) -> str:
    """Time left to the nearest useful unit: 12 min, 1 h 05, 2 j 3 h."""
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 3600:
        return translate(language, "guest-wifi-duration-minutes", m=max(minutes, 1))
    if seconds < 86400:
        return translate(language, "guest-wifi-duration-hours", h=hours, m=f"{minutes % 60:02d}")
    return translate(language, "guest-wifi-duration-days", d=days, h=hours % 24)
