"""The box stops accepting the bot: owners hear it once, logins back off, /pair is safe."""

from __future__ import annotations

from pathlib import Path

from bot.box.link import APP_ID
from tests.features.household import MEMBER, OWNER, Household, household
from tests.harness import ManualClock


async def _tick_minutes(home: Household, clock: ManualClock, minutes: int) -> None:
    """Let `minutes` pass, one health check per minute."""
    for _ in range(minutes):
        clock.advance(minutes=1)
        await home.running.bot.tick()


def _logins(home: Household) -> int:
    return len(home.box.requests_to("login/session/", "POST"))


async def _app_token(home: Household) -> str | None:
    credentials = await home.running.bot.running.link.token_store.load()
    return credentials.app_token if credentials else None


async def test_a_revoked_app_is_told_once_and_its_logins_back_off(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        await _tick_minutes(home, clock, 2)  # up and fine: nothing to say
        home.box.revoke(APP_ID)  # as in Freebox OS, or by resetting the admin password
        before = _logins(home)

        await _tick_minutes(home, clock, 60)

        (told,) = await home.telegram.wait_for_messages(OWNER, 1)
        assert "révoquée" in told.text and "/pair" in told.text
        assert "Gestion des accès" in told.text, "where to tick the permissions again"
        # A login every minute would be 60; backing off 1, 2, 4, 8, 16, 32 minutes is 6.
        assert _logins(home) - before <= 7
        assert "ne répond plus" not in told.text, "the box answers: it is not down"
        assert home.telegram.messages(MEMBER) == [], "only owners are told"
        assert len(home.telegram.messages(OWNER)) == 1, "told once"


async def test_a_rate_limited_bot_backs_off_and_owners_are_told(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        home.box.auth.ratelimited = True
        home.box.expire_sessions()
        before = _logins(home)

        await _tick_minutes(home, clock, 30)

        (told,) = await home.telegram.wait_for_messages(OWNER, 1)
        assert "trop d'erreurs d'authentification" in told.text
        assert _logins(home) - before <= 6

        home.box.auth.ratelimited = False
        await _tick_minutes(home, clock, 60)  # the next attempt, at most an hour later
        (back,) = await home.telegram.wait_for_messages(OWNER, 1)
        assert "accepte de nouveau" in back.text


async def test_a_denied_new_pairing_keeps_the_working_token(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        working = await _app_token(home)
        home.box.auto_approve = False
        [progress] = await home.say(OWNER, "/pair")
        await home.telegram.wait_for(lambda: "acceptez la demande" in progress.visible_text)

        home.box.deny()
        await home.telegram.wait_for(lambda: "refusée" in progress.visible_text, timeout=10)

        assert await _app_token(home) == working
        [status] = await home.say(OWNER, "/status")
        assert "Freebox" in status.visible_text
        assert "associé" not in status.visible_text, "still paired, the box still answers"


async def test_a_timed_out_new_pairing_keeps_the_working_token(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        working = await _app_token(home)
        home.box.auto_approve = False
        [progress] = await home.say(OWNER, "/pair")
        await home.telegram.wait_for(lambda: "acceptez la demande" in progress.visible_text)

        home.box.time_out()
        await home.telegram.wait_for(lambda: "Personne n'a répondu" in progress.visible_text)

        assert await _app_token(home) == working
        assert home.box.auth.apps[APP_ID].app_token == working, "the box kept it working too"


async def test_a_request_revoked_before_it_was_granted_reads_revoked(tmp_path: Path) -> None:
    async with household(tmp_path, paired=False, auto_approve=False) as home:
        [progress] = await home.say(OWNER, "/pair")
        await home.telegram.wait_for(lambda: "acceptez la demande" in progress.visible_text)

        home.box.revoke(APP_ID)  # the box now reports the request as "unknown"

        await home.telegram.wait_for(lambda: "révoquée" in progress.visible_text, timeout=10)
        assert "Personne n'a répondu" not in progress.visible_text
        assert "/pair" in progress.visible_text


async def test_a_password_change_reminds_to_check_the_bots_permissions(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        await home.running.bind_chat_through_box(OWNER)
        await home.box.wait_idle()

        await home.box.password_change("192.168.1.42")

        [pushed] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        assert "modifié depuis 192.168.1.42" in pushed.visible_text
        assert "droits du bot" in pushed.visible_text
        assert "Gestion des accès" in pushed.visible_text


async def test_a_command_after_the_app_was_revoked_says_to_pair_again(tmp_path: Path) -> None:
    async with household(tmp_path) as home:
        home.box.revoke(APP_ID)

        [reply] = await home.say(MEMBER, "/status")

        assert "révoquée" in reply.visible_text and "/pair" in reply.visible_text
        assert "pas encore associé" not in reply.visible_text, "it was paired, then revoked"


async def test_pairing_again_after_a_revocation_works_at_once(tmp_path: Path) -> None:
    clock = ManualClock()
    async with household(tmp_path, clock=clock) as home:
        home.box.revoke(APP_ID)
        await _tick_minutes(home, clock, 8)  # refused, and now waiting several minutes
        await home.telegram.wait_for_messages(OWNER, 1)

        [progress] = await home.say(OWNER, "/pair")
        await home.telegram.wait_for(lambda: "Association réussie" in progress.visible_text)
        [subscribed] = await home.telegram.wait_for_messages(OWNER, 1, timeout=10)
        await home.telegram.wait_for(
            lambda: "recevra les notifications" in subscribed.visible_text, timeout=10
        )

        [status] = await home.say(OWNER, "/status")  # no wait for the backoff to run out
        assert "révoquée" not in status.visible_text
        assert "Freebox" in status.visible_text
