"""Models of the household controls: contacts, voicemail, profiles, the MAC filter.

The document's examples are not always what its object descriptions say (a network
control's `hosts` is an array of LanHost, its example an array of names; a voicemail's
`country_code` a string, its example a number): both shapes are read here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from freeboxos.models import _bool, _int, _objects, _str, _timestamp

_EPOCH = dt.datetime.fromtimestamp(0, tz=dt.UTC)


def digits_of(number: str) -> str:
    """A phone number compared by its national digits: "+33 6 12 34 56 78", "0612345678"
    and "33612345678" are the same line."""
    digits = "".join(c for c in number if c.isdigit())
    if number.strip().startswith("+33") or (len(digits) == 11 and digits.startswith("33")):
        digits = "0" + digits[2:]
    elif len(digits) == 9:
        digits = "0" + digits  # the voicemail API drops the leading 0 ("699999999")
    return digits


# -- contacts -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ContactNumber:
    """A phone number of a contact (ContactNumber, doc line 2040); `type` is fixed,
    mobile, work, fax or other."""

    id: int
    contact_id: int
    number: str
    type: str = "other"
    is_default: bool = False
    is_own: bool = False

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=_int(data["id"]),
            contact_id=_int(data.get("contact_id")),
            number=_str(data.get("number")),
            type=_str(data.get("type"), "other"),
            is_default=_bool(data.get("is_default")),
            is_own=_bool(data.get("is_own")),
        )


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A contact of the box's address book (ContactEntry, doc line 2000)."""

    id: int
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    numbers: tuple[ContactNumber, ...] = ()

    @property
    def name(self) -> str:
        """What to call the contact: its display name, else its names, else its company."""
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name or full or self.company

    def has_number(self, number: str) -> bool:
        """Whether one of the contact's numbers is `number`, however either is written."""
        wanted = digits_of(number)
        return bool(wanted) and any(digits_of(n.number) == wanted for n in self.numbers)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=_int(data["id"]),
            display_name=_str(data.get("display_name")),
            first_name=_str(data.get("first_name")),
            last_name=_str(data.get("last_name")),
            company=_str(data.get("company")),
            numbers=tuple(ContactNumber.from_api(n) for n in _objects(data.get("numbers"))),
        )


# -- voicemail ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Voicemail:
    """A message left on the line (VoicemailEntry, doc line 1818; v10.1+).

    `number` is the caller's number as the box gives it, often without its leading 0.
    """

    id: str
    number: str
    country_code: str = ""
    date: dt.datetime = _EPOCH
    read: bool = False
    duration: int = 0

    @property
    def national_number(self) -> str:
        """The caller's number as dialled in France ("0699999999"), when it has 9 digits."""
        return digits_of(self.number) if self.number else ""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=_str(data["id"]),
            number=_str(data.get("phone_number")),
            country_code=_str(data.get("country_code")),
            date=_timestamp(data.get("date")) or _EPOCH,
            read=_bool(data.get("read")),
            duration=_int(data.get("duration")),
        )


# -- parental control profiles --------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Profile:
    """A parental control profile (Profile, doc line 18595); `icon` is relative to the box."""

    id: int
    name: str
    icon: str = ""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        # The object says `icon`, the examples `url`.
        return cls(
            id=_int(data["id"]),
            name=_str(data.get("name")),
            icon=_str(data.get("icon") or data.get("url")),
        )


@dataclass(frozen=True, kw_only=True)
class NetworkControl:
    """The Internet access of a profile's devices (NetworkControl, doc line 18782).

    Modes are "allowed", "denied" or "webonly". An override replaces the planning's
    `rule_mode` until `override_until` (None: until lifted).
    """

    profile_id: int
    current_mode: str
    rule_mode: str = "allowed"
    override: bool = False
    override_mode: str = "allowed"
    override_until: dt.datetime | None = None
    next_change: dt.datetime | None = None
    macs: tuple[str, ...] = ()
    host_names: tuple[str, ...] = ()

    @property
    def paused(self) -> bool:
        """Whether the profile's devices are cut off from the Internet now."""
        return self.current_mode == "denied"

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        hosts = data.get("hosts")
        names = []
        for host in hosts if isinstance(hosts, list) else []:
            if isinstance(host, Mapping):
                names.append(_str(host.get("primary_name") or host.get("id")))
            else:
                names.append(_str(host))
        current = _str(data.get("current_mode"), "allowed")
        macs = data.get("macs")
        return cls(
            profile_id=_int(data["profile_id"]),
            current_mode=current,
            rule_mode=_str(data.get("rule_mode"), current),
            override=_bool(data.get("override")),
            override_mode=_str(data.get("override_mode"), "allowed"),
            override_until=_timestamp(data.get("override_until")),
            next_change=_timestamp(data.get("next_change")),
            macs=tuple(_str(m) for m in macs) if isinstance(macs, list) else (),
            host_names=tuple(names),
        )


# -- Wi-Fi MAC filter -----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MacFilter:
    """A MAC address in the Wi-Fi MAC filter (WifiMacFilter, doc line 9008).

    `type` is "blacklist" (rejected when the filter is in blacklist mode) or
    "whitelist" (allowed when it is in whitelist mode).
    """

    id: str
    mac: str
    type: str
    comment: str = ""
    hostname: str = ""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            id=_str(data["id"]),
            mac=_str(data.get("mac") or data["id"]),
            type=_str(data.get("type"), "blacklist"),
            comment=_str(data.get("comment")),
            hostname=_str(data.get("hostname")),
        )
