"""/play, /tv and /remote: open a link or a channel on the Freebox Player, and a small remote.

With several Players on the LAN the bot asks which one with buttons that work once; a
Player in standby or unreachable is not sent anything.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler, ContextTypes

from bot.i18n import translate
from bot.storage.models import Role
from bot.telegram.application import BotApplication
from bot.telegram.asker import Asker, ask
from bot.telegram.box_errors import box_error_notice, box_error_text
from bot.telegram.buttons import ButtonPress
from bot.telegram.choices import choice_buttons
from bot.telegram.echo import echo
from bot.telegram.feature import BotServices, CommandInfo
from bot.telegram.message_edits import edit_pressed
from bot.telegram.tv_channels import MAX_CANDIDATES, ChannelQuery, matching_channels, read_query
from freeboxos import FreeboxError, Player

log = logging.getLogger(__name__)

OPEN_ON = "player_open"
REMOTE_FOR = "player_remote"
MEDIA = "player_media"
VOLUME = "player_volume"
MUTE = "player_mute"
VOLUME_STEP = 5
SCHEMES = frozenset({"http", "https", "rtsp"})
# The remote's keys, row by row: label, action, and what the action needs.
REMOTE_KEYS: tuple[tuple[tuple[str, str, dict[str, Any]], ...], ...] = (
    (
        ("player-key-prev", MEDIA, {"cmd": "prev"}),
        ("player-key-play_pause", MEDIA, {"cmd": "play_pause"}),
        ("player-key-next", MEDIA, {"cmd": "next"}),
    ),
    (
        ("player-key-quieter", VOLUME, {"step": -VOLUME_STEP}),
        ("player-key-mute", MUTE, {}),
        ("player-key-louder", VOLUME, {"step": VOLUME_STEP}),
    ),
)
# Media types Python's table lacks; the Player picks its video player from them.
EXTRA_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".mkv": "video/x-matroska",
    ".mka": "audio/x-matroska",
    ".ts": "video/mp2t",
    ".m4v": "video/x-m4v",
    ".m4a": "audio/mp4",
    ".flv": "video/x-flv",
    ".wmv": "video/x-ms-wmv",
    ".mpd": "application/dash+xml",
    ".flac": "audio/flac",
    ".ogg": "audio/ogg",
}
# Python's own table only: the module-level one also reads the host's /etc/mime.types.
_TYPES = mimetypes.MimeTypes()


@dataclass(frozen=True)
class Opening:
    """What to open on a Player: a URL with its media type, or a TV channel."""

    url: str
    content_type: str | None = None
    channel: int | None = None
    label: str | None = None  # the channel as the reply names it: "2 (France 2)"

    def as_data(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "type": self.content_type,
            "channel": self.channel,
            "label": self.label,
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Opening:
        channel, label = data.get("channel"), data.get("label")
        return cls(
            str(data["url"]),
            data.get("type"),
            int(channel) if channel else None,
            str(label) if label else None,
        )


def media_type(url: str) -> str | None:
    """The media type of the file a URL names (None: let the Player decide, e.g. YouTube)."""
    path = urlsplit(url).path.lower()
    return EXTRA_TYPES.get(posixpath.splitext(path)[1]) or _TYPES.guess_type(path)[0]


def opening_for_link(args: Sequence[str]) -> Opening | None:
    """`/play <url>`: an http(s) or rtsp link, else None."""
    if len(args) != 1:
        return None
    try:
        parts = urlsplit(args[0])
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return None
    return Opening(args[0], media_type(args[0]))


def _channel(number: int, name: str | None) -> Opening:
    """Channel `number` on the Player, shown with its name when the box gave one."""
    label = f"{number} ({name})" if name else str(number)
    return Opening(f"tv:?channel={number}", channel=number, label=label)


def player_name(player: Player) -> str:
    return player.device_name or f"Player {player.id}"


class PlayerCommands:
    commands = (
        CommandInfo("play", Role.MEMBER, "player-cmd-play"),
        CommandInfo("tv", Role.MEMBER, "player-cmd-tv"),
        CommandInfo("remote", Role.MEMBER, "player-cmd-remote"),
    )

    def __init__(self, services: BotServices) -> None:
        self._services = services

    def register(self, application: BotApplication) -> None:
        application.add_handler(CommandHandler("play", self.play_link))
        application.add_handler(CommandHandler("tv", self.watch_channel))
        application.add_handler(CommandHandler("remote", self.show_remote))
        self._services.buttons.on_each(
            {
                OPEN_ON: self.open_on_chosen_player,
                REMOTE_FOR: self.show_chosen_remote,
                MEDIA: self.send_media_command,
                VOLUME: self.change_volume,
                MUTE: self.toggle_mute,
            },
            role=Role.MEMBER,
        )

    async def play_link(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Open a video, stream or web page on the Player."""
        await self._open_from_args(update, context, opening_for_link)

    async def watch_channel(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Switch the Player to a TV channel, by number or by name."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        query = read_query(context.args or [])
        if query is None or query.number == 0:
            await asker.reply(asker.text("player-usage"))
            return
        opening, refusal = await self._channel_opening(query, asker.language)
        if opening is None:
            await asker.reply(refusal or "")
            return
        await self._open(asker, opening)

    async def _channel_opening(
        self, query: ChannelQuery, language: str
    ) -> tuple[Opening | None, str | None]:
        """What to open for `query`, or the reply saying why nothing (HTML).

        A box that cannot list its channels still opens a number, as before it could.
        """
        try:
            channels = await (await self._services.link.client()).list_tv_channels()
        except FreeboxError as exc:
            log.info("could not list the TV channels: %s", exc)
            channels = []
        if query.number is not None:
            listed = next((c for c in channels if c.number == query.number), None)
            if channels and listed is None:
                return None, translate(language, "typing-tv-no-number", number=str(query.number))
            name = listed.name if listed is not None else None
            return _channel(query.number, name), None
        if not channels:
            return None, translate(language, "typing-tv-no-list")
        found = matching_channels(channels, query.words)
        if len(found) == 1:
            return _channel(found[0].number, found[0].name), None
        typed = echo(query.words)
        if not found:
            return None, translate(language, "typing-tv-no-name", name=typed)
        choices = ", ".join(
            f"<code>/tv {c.number}</code> {html.escape(c.name)}" for c in found[:MAX_CANDIDATES]
        )
        return None, translate(language, "typing-tv-which", name=typed, choices=choices)

    async def _open_from_args(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        parse: Callable[[Sequence[str]], Opening | None],
    ) -> None:
        asker = await ask(update, self._services)
        if asker is None:
            return
        opening = parse(context.args or [])
        if opening is None:
            await asker.reply(asker.text("player-usage"))
            return
        await self._open(asker, opening)

    async def show_remote(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Show a remote control for the Player (asking which one when there are several)."""
        asker = await ask(update, self._services)
        if asker is None:
            return
        players = await self._players(asker)
        if players is None:
            return
        if len(players) > 1:
            markup = await self._choice(asker, players, REMOTE_FOR)
            await asker.reply(asker.text("player-which"), markup)
            return
        await asker.reply(*await self._remote(asker.chat.id, asker.language, players[0]))

    async def open_on_chosen_player(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Open what was asked on the Player chosen with a button."""
        player = await self._chosen_player(update, press)
        if player is not None:
            opening = Opening.from_data(press.data)
            await edit_pressed(update, await self._open_on(player, opening, press.language))
        return None

    async def show_chosen_remote(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Turn the question into the remote control of the Player chosen."""
        player = await self._chosen_player(update, press)
        if player is not None:
            text, markup = await self._remote(press.chat_id, press.language, player)
            await edit_pressed(update, text, markup)
        return None

    async def _chosen_player(self, update: Update, press: ButtonPress) -> Player | None:
        """The Player the button names, or None after telling why it cannot be used."""
        try:
            player = await self._find_player(int(press.data["player"]))
        except FreeboxError as exc:
            await edit_pressed(update, box_error_text(press.language, exc))
            return None
        if player is None:
            await edit_pressed(update, translate(press.language, "player-gone"))
        return player

    async def send_media_command(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Play/pause, previous or next on the Player's media player."""
        cmd = str(press.data["cmd"])
        try:
            client = await self._services.link.client()
            await client.player_media_control(_remote_player(press.data), cmd)
        except FreeboxError as exc:
            return box_error_notice(press.language, exc)
        return translate(press.language, f"player-sent-{cmd}")

    async def change_volume(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Turn the Player's volume up or down by one step."""
        player, step = _remote_player(press.data), int(press.data["step"])
        try:
            client = await self._services.link.client()
            current = await client.get_player_volume(player)
            wanted = min(100, max(0, current.volume + step))
            volume = await client.set_player_volume(player, volume=wanted)
        except FreeboxError as exc:
            return box_error_notice(press.language, exc)
        return translate(press.language, "player-volume-now", volume=volume.volume)

    async def toggle_mute(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, press: ButtonPress
    ) -> str | None:
        """Mute the Player, or give it its sound back."""
        player = _remote_player(press.data)
        try:
            client = await self._services.link.client()
            current = await client.get_player_volume(player)
            volume = await client.set_player_volume(player, mute=not current.mute)
        except FreeboxError as exc:
            return box_error_notice(press.language, exc)
        return translate(press.language, "player-muted" if volume.mute else "player-unmuted")

    async def _open(self, asker: Asker, opening: Opening) -> None:
        """Open on the only Player, or ask which one when there are several."""
        players = await self._players(asker)
        if players is None:
            return
        if len(players) > 1:
            markup = await self._choice(asker, players, OPEN_ON, opening.as_data())
            await asker.reply(asker.text("player-which"), markup)
            return
        await asker.reply(await self._open_on(players[0], opening, asker.language))

    async def _open_on(self, player: Player, opening: Opening, language: str) -> str:
        """Open unless the Player is unreachable or in standby; says what happened (HTML)."""
        name = html.escape(player_name(player))
        if not (player.reachable and player.api_available):
            return translate(language, "player-unreachable", name=name)
        try:
            client = await self._services.link.client()
            status = await client.player_status(player)
            if status.power_state != "running":
                return translate(language, "player-standby", name=name)
            await client.open_url_on_player(player, opening.url, content_type=opening.content_type)
        except FreeboxError as exc:
            return box_error_text(language, exc)
        if opening.channel is not None:
            return translate(
                language,
                "player-channel-opened",
                channel=html.escape(opening.label or str(opening.channel)),
                name=name,
            )
        return translate(language, "player-link-opened", url=html.escape(opening.url), name=name)

    async def _players(self, asker: Asker) -> list[Player] | None:
        """The Players on the LAN; None (and a reply saying why) when there are none."""
        try:
            players = await (await self._services.link.client()).list_players()
        except FreeboxError as exc:
            await asker.reply_box_error(exc)
            return None
        if not players:
            await asker.reply(asker.text("player-none"))
            return None
        return players

    async def _find_player(self, player_id: int) -> Player | None:
        players = await (await self._services.link.client()).list_players()
        return next((p for p in players if p.id == player_id), None)

    async def _choice(
        self,
        asker: Asker,
        players: Sequence[Player],
        action: str,
        data: Mapping[str, Any] | None = None,
    ) -> InlineKeyboardMarkup:
        """One button per Player; the first pressed uses up the others."""
        keys = []
        for player in players:
            usable = player.reachable and player.api_available
            label_id = "player-choice" if usable else "player-choice-unreachable"
            label = asker.text(label_id, name=player_name(player))
            keys.append((label, action, {**(data or {}), "player": player.id}))
        return await choice_buttons(
            self._services.buttons, keys, chat_id=asker.chat.id, user_id=asker.user.id, stacked=True
        )

    async def _remote(
        self, chat_id: int, language: str, player: Player
    ) -> tuple[str, InlineKeyboardMarkup]:
        """The remote's text and its buttons, which stay usable (play/pause, volume...)."""
        target = {"player": player.id, "version": player.api_version, "name": player.device_name}
        rows: list[list[InlineKeyboardButton]] = []
        for row in REMOTE_KEYS:
            rows.append(
                [
                    await self._services.buttons.button(
                        translate(language, label_id),
                        action,
                        {**target, **data},
                        chat_id=chat_id,
                        once=False,
                    )
                    for label_id, action, data in row
                ]
            )
        name = html.escape(player_name(player))
        return translate(language, "player-remote", name=name), InlineKeyboardMarkup(rows)


def _remote_player(data: Mapping[str, Any]) -> Player:
    """The Player a remote button drives (its API version is part of the paths)."""
    return Player(
        id=int(data["player"]),
        device_name=str(data.get("name") or ""),
        api_version=str(data.get("version") or ""),
        reachable=True,
        api_available=True,
    )
