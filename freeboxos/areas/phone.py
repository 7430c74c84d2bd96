"""The phone side of a missed call: contacts (doc lines 1983-2640), marking calls read
(doc lines 1600-1760) and voicemail (doc lines 1801-1980, v10.1+)."""

from __future__ import annotations

from freeboxos.areas.base import Area
from freeboxos.errors import FreeboxApiError, FreeboxConnectionError
from freeboxos.models import CallEntry
from freeboxos.models_household import Contact, ContactNumber, Voicemail
from freeboxos.parsing import parse_list, parse_one, path_segment


class ContactsArea(Area):
    """`client.contacts`: the box's address book. Needs the `contacts` permission."""

    async def all(self) -> list[Contact]:
        """List every contact, with its numbers.

        Returns:
            The contacts.

        Raises:
            InsufficientRightsError: the app lacks the "contacts" permission.
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("GET", "contact/?limit=-1")
        return parse_list(Contact.from_api, result)

    async def search_by_number(self, number: str) -> list[Contact]:
        """Find the contacts having `number` (the API has no search: the list is read).

        Args:
            number: a phone number, in any usual spelling ("+33 6...", "06...").

        Returns:
            The matching contacts, possibly none.

        Raises:
            InsufficientRightsError: the app lacks the "contacts" permission.
            FreeboxError: the box refused or is unreachable.
        """
        return [contact for contact in await self.all() if contact.has_number(number)]

    async def create(self, name: str, number: str, *, number_type: str = "mobile") -> Contact:
        """Add a contact with one phone number (a contact, then its number).

        A refused number removes the contact just made: no contact stays without its number.

        Args:
            name: the name to show for calls from that number.
            number: the phone number.
            number_type: fixed, mobile, work, fax or other.

        Returns:
            The new contact with its number.

        Raises:
            InsufficientRightsError: the app lacks the "contacts" permission.
            FreeboxApiError: e.g. exists, inval.
            FreeboxError: the box refused or is unreachable.
        """
        created = await self._request("POST", "contact/", json={"display_name": name})
        contact = parse_one(Contact.from_api, created)
        payload = {"contact_id": contact.id, "number": number, "type": number_type}
        try:
            added = parse_one(
                ContactNumber.from_api, await self._request("POST", "number/", json=payload)
            )
        except FreeboxApiError:
            await self.delete(contact.id)
            raise
        return parse_one(
            Contact.from_api, await self._request("GET", f"contact/{added.contact_id}")
        )

    async def delete(self, contact_id: int) -> None:
        """Delete a contact.

        Args:
            contact_id: the contact's id.

        Raises:
            NotFoundError: no such contact (noent).
            FreeboxError: the box refused or is unreachable.
        """
        await self._request("DELETE", f"contact/{contact_id}")


class CallsArea(Area):
    """`client.calls`: marking calls seen. Needs the `calls` permission."""

    async def mark_read(self, call_id: int) -> CallEntry:
        """Mark one call seen (`new: false`).

        Args:
            call_id: the call entry's id.

        Returns:
            The call as updated.

        Raises:
            NotFoundError: no such call (invalid_id).
            FreeboxError: the box refused or is unreachable.
        """
        result = await self._request("PUT", f"call/log/{call_id}", json={"new": False})
        return parse_one(CallEntry.from_api, result)

    async def mark_all_read(self) -> None:
        """Mark every call seen (from v4.0, doc line 117).

        Raises:
            FreeboxError: the box refused or is unreachable.
        """
        await self._request("POST", "call/log/mark_all_as_read/")


class VoicemailArea(Area):
    """`client.voicemail`: messages left on the line (v10.1+). Needs the `calls` permission."""

    async def all(self) -> list[Voicemail]:
        """List the voicemail messages.

        Returns:
            The messages.

        Raises:
            InsufficientRightsError: the app lacks the "calls" permission.
            FreeboxError: the box refused, is unreachable or older than v10.1.
        """
        return parse_list(Voicemail.from_api, await self._request("GET", "call/voicemail/"))

    async def mark_read(self, voicemail_id: str) -> Voicemail:
        """Mark a message heard.

        Args:
            voicemail_id: the message's id.

        Returns:
            The message as updated.

        Raises:
            FreeboxApiError: invalid_id for an unknown message.
            FreeboxError: the box refused or is unreachable.
        """
        path = f"call/voicemail/{path_segment(voicemail_id)}"
        return parse_one(Voicemail.from_api, await self._request("PUT", path, json={"read": True}))

    async def audio(self, voicemail_id: str) -> bytes:
        """Download a message's recording (WAV, doc line 1958).

        Args:
            voicemail_id: the message's id.

        Returns:
            The WAV file's bytes.

        Raises:
            FreeboxApiError: invalid_id for an unknown message.
            FreeboxError: the box refused or is unreachable.
        """
        path = f"call/voicemail/{path_segment(voicemail_id)}/audio_file"
        audio = await self._request("GET", path, binary=True)
        if not isinstance(audio, bytes):
            raise FreeboxConnectionError("the box sent no audio for this voicemail")
        return audio

    async def delete(self, voicemail_id: str) -> None:
        """Delete a message.

        Args:
            voicemail_id: the message's id.

        Raises:
            FreeboxApiError: invalid_id for an unknown message.
            FreeboxError: the box refused or is unreachable.
        """
        await self._request("DELETE", f"call/voicemail/{path_segment(voicemail_id)}")
