"""What the simulated box received: every request, with its body parsed once.

The body is parsed by a middleware before any handler runs, so tests can assert
"the exact request the box receives" even for requests the box refuses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

BodyKind = Literal["empty", "json", "form", "multipart", "invalid"]

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart body."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class RequestBody:
    """A request body, parsed according to its content type.

    ``kind`` is ``json`` for any body that parses as JSON whatever its declared
    type (the box is lenient there), ``invalid`` for one that does not.
    """

    kind: BodyKind
    raw: bytes = b""
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)

    @property
    def parsed(self) -> Any:
        """The body as a test would compare it: JSON value, form fields, or raw text."""
        if self.kind == "json":
            return self.json
        if self.kind in ("form", "multipart"):
            return {**self.form, **self.files}
        if self.kind == "invalid":
            return self.raw.decode("utf-8", errors="replace")
        return None


@dataclass(frozen=True)
class RecordedRequest:
    """One request received by the simulated box."""

    method: str
    path: str
    query: dict[str, str]
    content_type: str
    headers: dict[str, str]
    body: RequestBody

    @property
    def parsed_body(self) -> Any:
        """Shortcut for ``body.parsed``."""
        return self.body.parsed


async def parse_body(request: web.Request) -> RequestBody:
    """Read and parse the body of ``request`` (never raises on bad input)."""
    if not request.body_exists:
        return RequestBody(kind="empty")
    content_type = request.content_type
    try:
        if content_type in (FORM, MULTIPART):
            return await _parse_form(request, content_type)
        raw = await request.read()
    except web.HTTPException:
        raise
    except Exception:  # a malformed multipart body, a client gone: the box says "invalid"
        return RequestBody(kind="invalid")
    if not raw.strip():
        return RequestBody(kind="empty", raw=raw)
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return RequestBody(kind="invalid", raw=raw)
    return RequestBody(kind="json", raw=raw, json=value)


async def _parse_form(request: web.Request, content_type: str) -> RequestBody:
    post = await request.post()
    form: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    for name, value in post.items():
        if isinstance(value, web.FileField):
            files[name] = UploadedFile(value.filename, value.content_type, value.file.read())
        elif isinstance(value, bytes | bytearray):
            form[name] = bytes(value).decode("utf-8", errors="replace")
        else:
            form[name] = str(value)
    kind: BodyKind = "multipart" if content_type == MULTIPART else "form"
    raw = b"" if kind == "multipart" else await request.read()
    return RequestBody(kind=kind, raw=raw, form=form, files=files)


def record(request: web.Request, body: RequestBody) -> RecordedRequest:
    """Describe ``request`` for the log of received requests."""
    return RecordedRequest(
        method=request.method,
        path=request.path,
        query=dict(request.query),
        content_type=request.content_type if request.body_exists else "",
        headers=dict(request.headers),
        body=body,
    )
