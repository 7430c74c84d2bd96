"""The route table of the bot: every feature module, in the order /help lists them.

To add a feature: write `bot/telegram/<feature>.py` with a class following
`bot.telegram.feature.Feature`, then add it to `build_features` below.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.box.lan_presence import PresenceWatcher
from bot.telegram.alarm import AlarmCommands
from bot.telegram.box_info import BoxInfoCommands
from bot.telegram.digest import DigestCommands
from bot.telegram.doctor import DoctorCommands
from bot.telegram.downloads import DownloadCommands
from bot.telegram.feature import BotServices, Feature
from bot.telegram.guest_wifi import GuestWifiCommands
from bot.telegram.language import LanguageCommands
from bot.telegram.membership import Membership
from bot.telegram.notifications import NotificationSettings
from bot.telegram.pairing import PairingCommands
from bot.telegram.pause import PauseCommands
from bot.telegram.people import PeopleCommands
from bot.telegram.player import PlayerCommands
from bot.telegram.pointer import PlainTextPointer
from bot.telegram.presence import PresenceCommands
from bot.telegram.reboot import RebootCommands
from bot.telegram.wake import WakeCommands
from bot.telegram.wifi_switch import WifiSwitchCommands

ChatGone = Callable[[int, str], Awaitable[None]]


def build_features(
    services: BotServices, on_chat_gone: ChatGone, presence: PresenceWatcher
) -> list[Feature]:
    """Every feature of the bot (StartCommands is added by the composition root)."""
    return [
        DownloadCommands(services),
        WifiSwitchCommands(services),  # before the guest Wi-Fi: both answer /wifi
        GuestWifiCommands(services),
        NotificationSettings(services),
        PairingCommands(services),
        PeopleCommands(services),
        PlayerCommands(services),
        BoxInfoCommands(services),
        AlarmCommands(services),
        DigestCommands(services),
        PresenceCommands(services, presence),
        PauseCommands(services),
        RebootCommands(services),
        WakeCommands(services),
        DoctorCommands(services, presence),
        Membership(services, on_chat_gone),
        LanguageCommands(services),
        PlainTextPointer(services),
    ]
