"""The box's address book (doc lines 1983-2640): contacts and their numbers.

Starts with the document's examples (line 2163): Xavier Niel, and "Mamie" with a number.
"""

from __future__ import annotations

import time
from typing import Any, Final

from .envelope import ApiError, JsonObject

NUMBER_TYPES: Final = frozenset({"fixed", "mobile", "work", "fax", "other"})

#: (contact, numbers) from the document's list example.
EXAMPLE_CONTACTS: Final[list[tuple[JsonObject, list[tuple[str, str]]]]] = [
    (
        {"first_name": "Xavier", "last_name": "Niel", "company": "Free", "display_name": ""},
        [],
    ),
    (
        {"first_name": "Kipic", "last_name": "Mamie", "company": "", "display_name": "Mamie"},
        [("0612345678", "fixed")],
    ),
]

_CONTACT_FIELDS: Final = ("display_name", "first_name", "last_name", "company", "notes")


class ContactBook:
    """Contacts by id, each with its numbers."""

    def __init__(self) -> None:
        self.contacts: dict[int, JsonObject] = {}
        self.numbers: dict[int, JsonObject] = {}
        self._next_contact = 1
        self._next_number = 1
        for fields, numbers in EXAMPLE_CONTACTS:
            contact = self.create(fields)
            for number, kind in numbers:
                self.add_number({"contact_id": contact["id"], "number": number, "type": kind})

    def all(self) -> list[JsonObject]:
        """Every ContactEntry, with its numbers."""
        return [self.get(contact_id) for contact_id in self.contacts]

    def get(self, contact_id: int) -> JsonObject:
        """One ContactEntry.

        Raises:
            ApiError: ``noent``.
        """
        contact = self.contacts.get(contact_id)
        if contact is None:
            raise ApiError("noent")
        numbers = [dict(n) for n in self.numbers.values() if n["contact_id"] == contact_id]
        return {**contact, "numbers": numbers}

    def create(self, body: JsonObject) -> JsonObject:
        """``POST contact/``: a contact needs some name.

        Raises:
            ApiError: ``inval``.
        """
        fields = {name: body.get(name, "") for name in _CONTACT_FIELDS}
        if not all(isinstance(value, str) for value in fields.values()):
            raise ApiError("inval")
        if not any(fields[name] for name in ("display_name", "first_name", "last_name", "company")):
            raise ApiError("inval", "Le contact doit avoir un nom")
        contact: JsonObject = {
            "id": self._next_contact,
            **fields,
            "birthday": "",
            "photo_url": "",
            "last_update": int(time.time()),
        }
        self._next_contact += 1
        self.contacts[contact["id"]] = contact
        return self.get(contact["id"])

    def delete(self, contact_id: int) -> None:
        """``DELETE contact/{id}``, with its numbers.

        Raises:
            ApiError: ``noent``.
        """
        if self.contacts.pop(contact_id, None) is None:
            raise ApiError("noent")
        self.numbers = {k: n for k, n in self.numbers.items() if n["contact_id"] != contact_id}

    def add_number(self, body: JsonObject) -> JsonObject:
        """``POST number/``: a number for an existing contact.

        Raises:
            ApiError: ``noent`` (no such contact) or ``inval``.
        """
        contact_id: Any = body.get("contact_id")
        number: Any = body.get("number")
        kind: Any = body.get("type", "other")
        if not isinstance(contact_id, int) or contact_id not in self.contacts:
            raise ApiError("noent")
        if not isinstance(number, str) or not number.strip() or kind not in NUMBER_TYPES:
            raise ApiError("inval")
        entry: JsonObject = {
            "number": number.strip(),
            "type": kind,
            "id": self._next_number,
            "contact_id": contact_id,
            "is_default": False,
            "is_own": False,
        }
        self._next_number += 1
        self.numbers[entry["id"]] = entry
        return dict(entry)
