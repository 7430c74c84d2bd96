"""What people send to add a download: `/add` lines, a `dir:` line, a .torrent or .nzb file.

    /add https://example.org/debian.iso
    magnet:?xt=urn:btih:...
    dir: /Disque dur/Films

One link per line (several on one line, separated by spaces, are accepted too); the
optional `dir:` line (also `dossier:` or `folder:`) names the destination folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

URL_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})
FOLDER_PREFIXES = ("dir:", "dossier:", "folder:")
# The box reads these files; anything else sent to the bot is refused.
UPLOAD_SUFFIXES = (".torrent", ".nzb")
UPLOAD_MIME_SUFFIXES = {"application/x-bittorrent": ".torrent", "application/x-nzb": ".nzb"}
# Links to these are pages to read, not files to download (a link shared in a group).
WEB_PAGE_SUFFIXES = frozenset({".html", ".htm", ".php", ".asp", ".aspx", ".jsp", ".cgi"})
# getFile on Telegram's servers stops at 20 MB; torrent and nzb files are far smaller.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class AddUsageError(ValueError):
    """The text is not a list of links: `item` is what could not be read (None: nothing)."""

    def __init__(self, item: str | None = None) -> None:
        super().__init__(item or "nothing to add")
        self.item = item


@dataclass(frozen=True)
class AddRequest:
    urls: tuple[str, ...]
    folder: str | None = None


@dataclass(frozen=True)
class ReceivedFile:
    """A .torrent or .nzb file sent to the bot, checked but not fetched from Telegram yet."""

    file_id: str
    name: str
    folder: str | None


def parse_add(text: str) -> AddRequest:
    """The links and folder of an `/add` message (its first word is the command).

    Raises:
        AddUsageError: no link, an item that is not a link, or a bad folder line.
    """
    words = text.split(maxsplit=1)
    return parse_links(words[1] if len(words) > 1 else "")


def parse_links(body: str) -> AddRequest:
    """The links and folder of a text that is nothing else (an `/add` without its command).

    Raises:
        AddUsageError: no link, an item that is not a link, or a bad folder line.
    """
    urls: list[str] = []
    folder: str | None = None
    for line in (raw.strip() for raw in body.splitlines()):
        if _is_folder_line(line):
            if folder is not None:
                raise AddUsageError(line)
            folder = parse_folder(line)
            continue
        for item in line.split():
            if not is_download_url(item):
                raise AddUsageError(item)
            urls.append(item)
    if not urls:
        raise AddUsageError(None)
    return AddRequest(tuple(dict.fromkeys(urls)), folder)


def folder_from_caption(caption: str | None) -> str | None:
    """The folder named by a `dir:` line in a file's caption (None: the box's default).

    Raises:
        AddUsageError: the `dir:` line does not name an absolute folder.
    """
    for line in (caption or "").splitlines():
        if _is_folder_line(line.strip()):
            return parse_folder(line.strip())
    return None


def parse_folder(line: str) -> str:
    """The folder of a `dir: /Disque dur/Films` line (absolute, as Freebox OS shows it)."""
    folder = line.split(":", 1)[1].strip()
    if not folder.startswith("/") or "\x00" in folder:
        raise AddUsageError(line)
    return folder


def pasted_links(text: str, *, private: bool) -> AddRequest | None:
    """The download a message without `/add` asks for, if it is made of links only.

    In a group people share links to read: there only magnets and links to a file (not a
    web page) are taken for downloads. None: the text is something else.
    """
    try:
        request = parse_links(text)
    except AddUsageError:
        return None
    if private or all(_names_a_file(url) for url in request.urls):
        return request
    return None


def _names_a_file(url: str) -> bool:
    """A magnet, or a link whose path ends in a file name with an extension of a file."""
    if url.lower().startswith("magnet:"):
        return True
    last = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    _, dot, suffix = last.rpartition(".")
    return bool(dot) and suffix.isalnum() and f".{suffix}" not in WEB_PAGE_SUFFIXES


def is_download_url(item: str) -> bool:
    """An http(s) or ftp(s) link with a host, or a magnet link."""
    if item.lower().startswith("magnet:?") and len(item) > len("magnet:?"):
        return True
    try:
        parts = urlsplit(item)
    except ValueError:
        return False
    return parts.scheme.lower() in URL_SCHEMES and bool(parts.hostname)


def upload_name(file_name: str | None, mime_type: str | None) -> str | None:
    """The name to give the box for a file sent to the bot, or None if the box cannot read it."""
    name = (file_name or "").strip()
    if name.lower().endswith(UPLOAD_SUFFIXES):
        return name
    suffix = UPLOAD_MIME_SUFFIXES.get((mime_type or "").lower())
    if suffix is not None:
        return f"{name or 'telegram'}{suffix}"
    return None


def _is_folder_line(line: str) -> bool:
    return line.lower().startswith(FOLDER_PREFIXES)
