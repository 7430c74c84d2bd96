"""Contacts (``contacts`` permission) and voicemail (``calls``, v10.1+)."""

from __future__ import annotations

from aiohttp import web

from .envelope import ok
from .routing import Route, int_param, json_body, route, state_of

_CONTACTS = "contacts"
_CALLS = "calls"


@route("GET", "contact/", permission=_CONTACTS)
async def list_contacts(request: web.Request) -> web.Response:
    """Every ContactEntry with its numbers (``start``/``limit`` are not played)."""
    state = state_of(request)
    return ok(state.contacts.all(), omit_empty=state.omit_empty_lists)


@route("POST", "contact/", permission=_CONTACTS)
async def create_contact(request: web.Request) -> web.Response:
    """Add a contact."""
    return ok(state_of(request).contacts.create(json_body(request)))


@route("GET", "contact/{contact_id}", permission=_CONTACTS)
async def get_contact(request: web.Request) -> web.Response:
    """One ContactEntry."""
    return ok(state_of(request).contacts.get(int_param(request, "contact_id", "noent")))


@route("DELETE", "contact/{contact_id}", permission=_CONTACTS)
async def delete_contact(request: web.Request) -> web.Response:
    """Delete a contact and its numbers."""
    state_of(request).contacts.delete(int_param(request, "contact_id", "noent"))
    return ok()


@route("POST", "number/", permission=_CONTACTS)
async def add_number(request: web.Request) -> web.Response:
    """Add a ContactNumber to a contact."""
    return ok(state_of(request).contacts.add_number(json_body(request)))


@route("GET", "call/voicemail/", permission=_CALLS)
async def list_voicemail(request: web.Request) -> web.Response:
    """Every VoicemailEntry."""
    state = state_of(request)
    messages = list(state.voicemail.messages.values())
    return ok(messages, omit_empty=state.omit_empty_lists)


@route("GET", "call/voicemail/{voicemail_id}", permission=_CALLS)
async def get_voicemail(request: web.Request) -> web.Response:
    """One VoicemailEntry."""
    return ok(state_of(request).voicemail.get(request.match_info["voicemail_id"]))


@route("PUT", "call/voicemail/{voicemail_id}", permission=_CALLS)
async def update_voicemail(request: web.Request) -> web.Response:
    """Mark a message read (or not)."""
    voicemail_id = request.match_info["voicemail_id"]
    return ok(state_of(request).voicemail.update(voicemail_id, json_body(request)))


@route("DELETE", "call/voicemail/{voicemail_id}", permission=_CALLS)
async def delete_voicemail(request: web.Request) -> web.Response:
    """Delete a message."""
    state_of(request).voicemail.delete(request.match_info["voicemail_id"])
    return ok()


@route("GET", "call/voicemail/{voicemail_id}/audio_file", permission=_CALLS)
async def voicemail_audio(request: web.Request) -> web.Response:
    """The message as WAV, with the headers of the document's example (line 1970)."""
    voicemail_id = request.match_info["voicemail_id"]
    box = state_of(request).voicemail
    box.get(voicemail_id)
    filename = voicemail_id.rsplit(".", 1)[0] + ".wav"
    return web.Response(
        body=box.audio[voicemail_id],
        content_type="audio/wav",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


ROUTES: list[Route] = [
    list_contacts,
    create_contact,
    get_contact,
    delete_contact,
    add_number,
    list_voicemail,
    get_voicemail,
    update_voicemail,
    delete_voicemail,
    voicemail_audio,
]
