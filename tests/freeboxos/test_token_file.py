"""The app token at rest: encrypted, private files, refused with the wrong key, never shown."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from freeboxos.token_file import EncryptedFileTokenStore, TokenFileError, generate_key
from freeboxos.tokens import AppCredentials, RememberingTokenStore, TokenStore

CREDENTIALS = AppCredentials(
    app_id="fr.example.freeboxbot",
    app_token="dyNYgfK0Ya6FWGqq83sBHa7TwzWo+pg4fDFUJHShcjVYzTfaRrZzm93p7OTAfH/0",
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_implements_the_token_store_protocol(data_dir: Path) -> None:
    store: TokenStore = EncryptedFileTokenStore(data_dir)
    assert store is not None


async def test_round_trip_with_a_generated_key_file(data_dir: Path) -> None:
    store = EncryptedFileTokenStore(data_dir)
    assert await store.load() is None

    await store.save(CREDENTIALS)

    assert await store.load() == CREDENTIALS
    # A new store (a restart) reads the same key file back.
    assert await EncryptedFileTokenStore(data_dir).load() == CREDENTIALS


async def test_round_trip_with_a_key_from_the_environment(data_dir: Path) -> None:
    key = generate_key()

    await EncryptedFileTokenStore(data_dir, key=key).save(CREDENTIALS)

    assert await EncryptedFileTokenStore(data_dir, key=key).load() == CREDENTIALS
    assert not (data_dir / "token.key").exists()


async def test_files_are_private(data_dir: Path) -> None:
    old_umask = os.umask(0)  # even with a careless umask
    try:
        await EncryptedFileTokenStore(data_dir).save(CREDENTIALS)
    finally:
        os.umask(old_umask)

    assert _mode(data_dir / "freebox_token.enc") == 0o600
    assert _mode(data_dir / "token.key") == 0o600
    assert _mode(data_dir) == 0o700
    assert sorted(os.listdir(data_dir)) == ["freebox_token.enc", "token.key"]


async def test_saving_again_keeps_the_file_private(data_dir: Path) -> None:
    store = EncryptedFileTokenStore(data_dir)
    await store.save(CREDENTIALS)
    (data_dir / "freebox_token.enc").chmod(0o644)

    await store.save(AppCredentials(app_id="fr.example.freeboxbot", app_token="other"))

    assert _mode(data_dir / "freebox_token.enc") == 0o600
    assert (await store.load()) == AppCredentials("fr.example.freeboxbot", "other")


async def test_the_token_is_not_stored_in_clear(data_dir: Path) -> None:
    await EncryptedFileTokenStore(data_dir).save(CREDENTIALS)

    content = (data_dir / "freebox_token.enc").read_bytes()
    assert CREDENTIALS.app_token.encode() not in content
    assert b"app_token" not in content
    assert CREDENTIALS.app_id.encode() not in content


async def test_a_wrong_key_is_refused_clearly(data_dir: Path) -> None:
    await EncryptedFileTokenStore(data_dir, key=generate_key()).save(CREDENTIALS)

    with pytest.raises(TokenFileError, match="another key") as caught:
        await EncryptedFileTokenStore(data_dir, key=generate_key()).load()
    assert "FREEBOX_TOKEN_KEY" in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


async def test_a_replaced_key_file_is_refused(data_dir: Path) -> None:
    await EncryptedFileTokenStore(data_dir).save(CREDENTIALS)
    (data_dir / "token.key").write_text(generate_key())

    with pytest.raises(TokenFileError, match="another key"):
        await EncryptedFileTokenStore(data_dir).load()


@pytest.mark.parametrize("bad_key", ["", "not-a-key", "é" * 44])
def test_a_malformed_key_is_refused_at_once(data_dir: Path, bad_key: str) -> None:
    with pytest.raises(TokenFileError, match="FREEBOX_TOKEN_KEY is not a valid key"):
        EncryptedFileTokenStore(data_dir, key=bad_key)


async def test_clear_forgets_the_credentials(data_dir: Path) -> None:
    store = EncryptedFileTokenStore(data_dir)
    await store.save(CREDENTIALS)

    await store.clear()
    await store.clear()  # idempotent

    assert await store.load() is None
    assert (data_dir / "token.key").exists()  # kept for the next pairing


async def test_repr_hides_the_token_and_the_key(data_dir: Path) -> None:
    key = generate_key()
    store = EncryptedFileTokenStore(data_dir, key=key)
    await store.save(CREDENTIALS)
    loaded = await store.load()

    for text in (repr(store), str(store), repr(loaded)):
        assert CREDENTIALS.app_token not in text
        assert key not in text
    assert "FREEBOX_TOKEN_KEY" in repr(store)


async def test_the_token_is_never_logged(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    store = EncryptedFileTokenStore(data_dir)

    await store.save(CREDENTIALS)
    await store.load()

    assert CREDENTIALS.app_token not in caplog.text
    key = (data_dir / "token.key").read_text().strip()
    assert key not in caplog.text


async def test_a_file_holding_no_credentials_is_refused(data_dir: Path) -> None:
    key = generate_key()
    os.mkdir(data_dir)
    with open(data_dir / "freebox_token.enc", "wb") as token_file:  # noqa: ASYNC230
        token_file.write(Fernet(key).encrypt(b'{"app_id": "x"}'))

    with pytest.raises(TokenFileError, match="holds no credentials"):
        await EncryptedFileTokenStore(data_dir, key=key).load()


async def test_a_key_file_readable_by_others_is_made_private(data_dir: Path) -> None:
    store = EncryptedFileTokenStore(data_dir)
    await store.save(CREDENTIALS)
    (data_dir / "token.key").chmod(0o644)

    assert await EncryptedFileTokenStore(data_dir).load() == CREDENTIALS
    assert _mode(data_dir / "token.key") == 0o600
    assert store.path == data_dir / "freebox_token.enc"


async def test_the_remembering_store_reads_the_file_once_and_follows_every_write(
    tmp_path: Path,
) -> None:
    inner = EncryptedFileTokenStore(tmp_path)
    reads = 0
    original_load = inner.load

    async def counting_load() -> AppCredentials | None:
        nonlocal reads
        reads += 1
        return await original_load()

    inner.load = counting_load  # type: ignore[method-assign]
    store = RememberingTokenStore(inner)
    assert await store.load() is None
    assert await store.load() is None
    assert reads == 1, "not paired is remembered too"

    granted = AppCredentials(app_id="fr.freeboxbot.telegram", app_token="secret")
    await store.save(granted)
    assert await store.load() == granted
    assert await EncryptedFileTokenStore(tmp_path).load() == granted, "written to disk"

    await store.clear()
    assert await store.load() is None
    assert await EncryptedFileTokenStore(tmp_path).load() is None
    assert reads == 1
