"""What the box sends to notification servers: payloads, titles and bodies.

Payload shapes follow the document's "Notifications specification". The
security kind has no documented payload; the simulator sends
``{box_id, type: "security", event}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from .envelope import JsonObject

DOWNLOAD_EVENTS: Final = frozenset({"task_done", "task_error", "task_seeding_done"})
BOX_STATE_EVENTS: Final = frozenset({"pub_up", "enter_sleep", "shut_down", "reboot"})
PUSH_KINDS: Final = frozenset(
    {"phone", "downloader", "security", "box_state", "lan_host", "password_change"}
)

_DOWNLOAD_TEXT: Final[dict[str, tuple[str, str]]] = {
    "task_done": ("Téléchargement terminé", "Le téléchargement de « {name} » est terminé"),
    "task_error": ("Erreur de téléchargement", "Le téléchargement de « {name} » a échoué"),
    "task_seeding_done": ("Partage terminé", "Le partage de « {name} » est terminé"),
}
_BOX_STATE_TEXT: Final[dict[str, tuple[str, str]]] = {
    "pub_up": ("Connexion Internet", "La connexion Internet de la Freebox est établie"),
    "enter_sleep": ("Mise en veille", "La Freebox va se mettre en veille"),
    "shut_down": ("Extinction", "La Freebox va s'éteindre"),
    "reboot": ("Redémarrage", "La Freebox va redémarrer"),
}


@dataclass(frozen=True)
class PushMessage:
    """One event to push: its kind (subscription), payload, and display texts."""

    kind: str
    payload: JsonObject
    title: str
    body: str


def download(box_id: str, task_id: int, event: str, name: str) -> PushMessage:
    """A downloader event about task ``task_id``."""
    title, body = _DOWNLOAD_TEXT[event]
    payload = {"box_id": box_id, "type": "downloader", "data": task_id, "event": event}
    return PushMessage("downloader", payload, title, body.format(name=name))


def missed_call(box_id: str, entry: JsonObject) -> PushMessage:
    """A missed call, its CallEntry as data."""
    payload = {"box_id": box_id, "type": "phone", "data": entry, "event": "missed_call"}
    caller = entry.get("name") or entry.get("number") or "Numéro masqué"
    return PushMessage("phone", payload, "Appel manqué", f"Appel manqué de {caller}")


def box_state(box_id: str, event: str) -> PushMessage:
    """A box state change (pub_up, enter_sleep, shut_down, reboot)."""
    title, body = _BOX_STATE_TEXT[event]
    return PushMessage(
        "box_state", {"box_id": box_id, "type": "box_state", "event": event}, title, body
    )


def lan_host(box_id: str, host: JsonObject, payload_type: str = "lan_host") -> PushMessage:
    """A host connected for the first time.

    The document's header says ``lan_host`` but its text says "Notification type : lan";
    ``payload_type`` picks which one is sent.
    """
    payload: dict[str, Any] = {
        "box_id": box_id,
        "type": payload_type,
        "host_id": host["id"],
        "interface": host.get("interface", "pub"),
        "event": "first_connection",
    }
    name = host.get("primary_name") or host["id"]
    return PushMessage(
        "lan_host", payload, "Nouvel appareil", f"{name} s'est connecté pour la première fois"
    )


def password_change(box_id: str, ip: str) -> PushMessage:
    """The admin password was changed from ``ip``."""
    payload = {"box_id": box_id, "type": "password_change", "ip": ip}
    return PushMessage(
        "password_change",
        payload,
        "Mot de passe modifié",
        f"Le mot de passe administrateur a été modifié depuis {ip}",
    )


def security(box_id: str, event: str = "alarm_triggered") -> PushMessage:
    """An alarm event (undocumented payload; see the module docstring)."""
    payload = {"box_id": box_id, "type": "security", "event": event}
    return PushMessage("security", payload, "Alarme déclenchée", "L'alarme s'est déclenchée")
