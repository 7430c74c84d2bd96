"""The app token on disk: encrypted with Fernet, in files only the bot's user can read.

The app token is a key to the house. The key that decrypts it comes from the
`FREEBOX_TOKEN_KEY` environment variable (best: the token file alone is then
useless), or else from `token.key` beside the token, created on first use.
Both files are created mode 0600 from the start (never world-readable, even for
an instant), and replaced atomically so a crash never leaves half a token.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import stat
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from .errors import FreeboxError
from .tokens import AppCredentials

__all__ = ["KEY_ENV_VAR", "EncryptedFileTokenStore", "TokenFileError", "generate_key"]

_LOGGER = logging.getLogger(__name__)

KEY_ENV_VAR = "FREEBOX_TOKEN_KEY"
"""The environment variable the composition root reads the key from."""

TOKEN_FILE_NAME = "freebox_token.enc"
KEY_FILE_NAME = "token.key"
_PRIVATE = 0o600
_PRIVATE_DIR = 0o700


class TokenFileError(FreeboxError):
    """The token file or its key is unusable: wrong key, bad key, corrupt file."""


def generate_key() -> str:
    """Return a fresh key for `FREEBOX_TOKEN_KEY` (url-safe base64 of 32 random bytes)."""
    return Fernet.generate_key().decode("ascii")


class EncryptedFileTokenStore:
    """A `TokenStore` keeping the app credentials encrypted in `data_dir`.

    Args:
        data_dir: where `freebox_token.enc` (and `token.key` without `key`) live;
            created mode 0700 if missing.
        key: the Fernet key from `FREEBOX_TOKEN_KEY`; None reads or creates
            `data_dir / "token.key"`.

    Raises:
        TokenFileError: `key` is not a Fernet key.
    """

    def __init__(self, data_dir: Path, *, key: str | None = None) -> None:
        self._data_dir = Path(data_dir)
        self._token_path = self._data_dir / TOKEN_FILE_NAME
        self._key_path = self._data_dir / KEY_FILE_NAME
        self._key_from_env = key is not None
        self._fernet: Fernet | None = None if key is None else _fernet_from(key, KEY_ENV_VAR)

    @property
    def path(self) -> Path:
        """The encrypted token file."""
        return self._token_path

    def __repr__(self) -> str:
        return (
            f"EncryptedFileTokenStore(path={str(self._token_path)!r}, "
            f"key_from={self._key_origin()!r})"
        )

    async def load(self) -> AppCredentials | None:
        """Return the stored credentials, or None before pairing.

        Raises:
            TokenFileError: the key does not decrypt the file, or the file is corrupt.
        """
        return await asyncio.to_thread(self._load)

    async def save(self, credentials: AppCredentials) -> None:
        """Encrypt and store the credentials, replacing any previous ones."""
        await asyncio.to_thread(self._save, credentials)

    async def clear(self) -> None:
        """Delete the stored credentials (the key stays, for the next pairing)."""
        await asyncio.to_thread(self._token_path.unlink, missing_ok=True)

    def _load(self) -> AppCredentials | None:
        try:
            ciphertext = self._token_path.read_bytes()
        except FileNotFoundError:
            return None
        _tighten(self._token_path)
        try:
            plaintext = self._get_fernet().decrypt(ciphertext)
        except InvalidToken:
            raise TokenFileError(
                f"cannot decrypt {self._token_path}: it was written with another key "
                f"({self._key_origin()} changed?). Restore the old key, or delete the "
                "file and pair again."
            ) from None
        try:
            data = json.loads(plaintext)
            return AppCredentials(app_id=str(data["app_id"]), app_token=str(data["app_token"]))
        except (ValueError, KeyError, TypeError):
            raise TokenFileError(
                f"{self._token_path} decrypts but holds no credentials; delete it and pair again"
            ) from None

    def _save(self, credentials: AppCredentials) -> None:
        plaintext = json.dumps(
            {"app_id": credentials.app_id, "app_token": credentials.app_token}
        ).encode("utf-8")
        ciphertext = self._get_fernet().encrypt(plaintext)
        self._ensure_dir()
        # mkstemp opens with O_CREAT | O_EXCL and mode 0600: private from birth.
        fd, tmp_name = tempfile.mkstemp(
            dir=self._data_dir, prefix=f".{TOKEN_FILE_NAME}.", suffix=".tmp"
        )
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(ciphertext)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_name, self._token_path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
            raise
        _LOGGER.info("Saved the Freebox app credentials to %s", self._token_path)

    def _get_fernet(self) -> Fernet:
        if self._fernet is None:
            self._fernet = _fernet_from(self._read_or_create_key_file(), str(self._key_path))
        return self._fernet

    def _read_or_create_key_file(self) -> str:
        self._ensure_dir()
        key = generate_key()
        try:
            fd = os.open(self._key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _PRIVATE)
        except FileExistsError:
            _tighten(self._key_path)
            return self._key_path.read_text(encoding="ascii").strip()
        with os.fdopen(fd, "w", encoding="ascii") as key_file:
            key_file.write(key + "\n")
            key_file.flush()
            os.fsync(key_file.fileno())
        _LOGGER.warning(
            "Created %s; keep it with the data, or set %s instead", self._key_path, KEY_ENV_VAR
        )
        return key

    def _ensure_dir(self) -> None:
        self._data_dir.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
        _tighten(self._data_dir, _PRIVATE_DIR)

    def _key_origin(self) -> str:
        return KEY_ENV_VAR if self._key_from_env else str(self._key_path)


def _fernet_from(key: str, origin: str) -> Fernet:
    try:
        return Fernet(key.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise TokenFileError(
            f"{origin} is not a valid key: it must be 32 url-safe base64-encoded bytes "
            '(make one with: python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())")'
        ) from None


def _tighten(path: Path, private: int = _PRIVATE) -> None:
    """Restore `private` (0600 for a file) on a path someone opened to others."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        _LOGGER.warning("%s was open to others (mode %o); setting it to %o", path, mode, private)
        path.chmod(private)
