"""Guest Wi-Fi, the pure parts: a strong password, the `WIFI:` payload and its QR code image.

The payload follows the de facto format phones' cameras read (ZXing's "WIFI:" URI):
`WIFI:T:WPA;S:<ssid>;P:<key>;;`, where `\\ ; , : "` in the SSID and the key are escaped
with a backslash. `T:SAE` is WPA3: a phone told `T:WPA` for a WPA3-only network tries
WPA2 and fails, while a WPA2/WPA3 transition network is best announced as WPA, which
every phone can join.
"""

from __future__ import annotations

import io
import secrets

# Letters and digits without the look-alikes (0 O o, 1 l I): easy to read out and type.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 16  # about 92 bits
_SPECIAL = frozenset('\\;,:"')


def new_guest_password(length: int = PASSWORD_LENGTH) -> str:
    """A random Wi-Fi password from the unambiguous alphabet (WPA needs 8 to 63 characters)."""
    if not 8 <= length <= 63:
        raise ValueError("a WPA password has 8 to 63 characters")
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def escape_wifi_field(value: str) -> str:
    """`value` with each of `\\ ; , : "` preceded by a backslash, for a `WIFI:` payload."""
    return "".join(f"\\{char}" if char in _SPECIAL else char for char in value)


def wifi_security(encryption: str | None) -> str:
    """The QR code's `T:` for the box's encryption name: SAE for WPA3 only, else WPA.

    The BSS names WPA3-only `wpa3_psk_ccmp` (doc line 8415); the transition modes
    `wpa23_psk_ccmp` and `wpa23_psk_ccmp_mrsno` still take WPA2 phones.
    """
    name = (encryption or "").strip().lower()
    return "SAE" if name.startswith("wpa3") or name == "sae" else "WPA"


def wifi_payload(ssid: str, key: str, *, hidden: bool = False, security: str = "WPA") -> str:
    """The text of a Wi-Fi QR code for a WPA/WPA2 (`WPA`) or WPA3-only (`SAE`) network."""
    hidden_part = "H:true;" if hidden else ""
    ssid_part, key_part = escape_wifi_field(ssid), escape_wifi_field(key)
    return f"WIFI:T:{security};S:{ssid_part};P:{key_part};{hidden_part};"


def qr_png(payload: str, *, scale: int = 10) -> bytes:
    """A PNG image of the QR code of `payload` (UTF-8, medium error correction)."""
    import segno  # only when a code is drawn: no need to hold it in memory before

    code = segno.make_qr(payload, error="m", encoding="utf-8")
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
