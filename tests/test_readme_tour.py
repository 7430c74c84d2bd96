"""The README's "Try it without a box", typed as a newcomer types it.

The commands are read from README.md's code block. The simulator line runs in an
interactive shell on a pseudo-terminal, with job control, exactly as written (`&`
included): a background job that reads its terminal is stopped by the shell ("Stopped
(tty input)"), which is how the tour used to end. Only the ports change (free ones, so
that the test never meets another program on 8080/8090) and the placeholders get the
fake Telegram's token and the owner's id. Then, through the fake Telegram and the bot as
a child process: pairing, a pushed event, /guest, and the alarm disarmed with the PIN the
simulator printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import re
import shlex
import signal
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator
from pathlib import Path

from tests.fakes import FakeTelegram, SentMessage
from tests.process import BotProcess, child_env, free_port

README = Path(__file__).parents[1] / "README.md"
OWNER = 1001
TIMEOUT = 30.0


def tour_commands() -> tuple[str, str]:
    """The simulator's line and the bot's command, from the tour's code block."""
    section = README.read_text(encoding="utf-8").split("## Try it without a box", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    simulator, *bot_lines = block.strip().splitlines()
    return simulator.split("#", 1)[0].strip(), " ".join(
        line.rstrip("\\").strip() for line in bot_lines
    )


class Terminal:
    """An interactive bash on a pseudo-terminal, as a terminal emulator runs it."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.master, slave = os.openpty()

        def take_terminal() -> None:
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)  # runs after setsid: the pty is our tty

        self.process = subprocess.Popen(
            ["bash", "--norc", "--noprofile", "-i"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env={**env, "PS1": "$ ", "TERM": "dumb"},
            start_new_session=True,
            preexec_fn=take_terminal,
        )
        os.close(slave)
        self._output: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        with contextlib.suppress(OSError):
            while chunk := os.read(self.master, 4096):
                self._output.append(chunk.decode(errors="replace"))

    @property
    def screen(self) -> str:
        return "".join(self._output).replace("\r", "")

    def type(self, line: str) -> None:
        os.write(self.master, f"{line}\n".encode())

    async def until(self, pattern: str, timeout: float = TIMEOUT) -> re.Match[str]:
        """Wait until the screen shows `pattern`."""
        try:
            async with asyncio.timeout(timeout):
                while (found := re.search(pattern, self.screen)) is None:
                    await asyncio.sleep(0.05)
        except TimeoutError:
            raise AssertionError(f"{pattern!r} never shown:\n{self.screen}") from None
        return found

    def close(self) -> None:
        # Background jobs have process groups of their own: end them first (see `job_pids`).
        for pid in re.findall(r"job-pid-(\d+)", self.screen):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(int(pid), signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)


@contextlib.contextmanager
def terminal(env: dict[str, str], cwd: Path) -> Iterator[Terminal]:
    shell = Terminal(env, cwd)
    try:
        yield shell
    finally:
        shell.close()


async def console(control_port: int, *lines: str) -> str:
    """`freebox-bot simulate --console` in another terminal, `lines` typed into it."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot", "simulate", "--console", "--control-port", str(control_port)),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=child_env({"LANG": "C.UTF-8"}),
    )
    typed = "".join(f"{line}\n" for line in lines).encode()
    async with asyncio.timeout(TIMEOUT):
        out, _ = await process.communicate(typed)
    assert process.returncode == 0, out
    return out.decode()


async def shown(telegram: FakeTelegram, what: str, since: int) -> SentMessage:
    """The first message to the owner, from the `since`-th on, that shows `what` (in its
    text or on a button)."""

    def found() -> SentMessage | None:
        sent = telegram.sent.get(OWNER, [])[since:]
        return next((m for m in sent if what in m.visible_text + str(m.button_labels)), None)

    return await telegram.wait_for(found, timeout=TIMEOUT, description=repr(what))


def so_far(telegram: FakeTelegram) -> int:
    return len(telegram.sent.get(OWNER, []))


async def press(telegram: FakeTelegram, message: SentMessage, data: str) -> None:
    update = telegram.push_callback(OWNER, OWNER, data, message.message_id)
    query = update["callback_query"]["id"]
    await telegram.wait_for(lambda: query in telegram.callback_answers, timeout=TIMEOUT)


async def test_the_readme_tour_can_be_finished(tmp_path: Path) -> None:
    simulate, run = tour_commands()
    assert simulate == "freebox-bot simulate --auto-approve --demo &"
    box_port, control_port, notif_port = free_port(), free_port(), free_port()
    simulate = simulate.replace(" &", f" --port {box_port} --control-port {control_port} &")
    run = run.replace("8090", str(box_port)).replace("8080", str(notif_port))

    env = child_env({"LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", "HOME": str(tmp_path)})
    with terminal(env, tmp_path) as shell:
        # `freebox-bot` as `pip install .` would put it on PATH, for this checkout.
        shell.type(f'freebox-bot() {{ {shlex.quote(sys.executable)} -m bot "$@"; }}')
        shell.type(simulate)
        shell.type("echo job-pid-$!")  # for `close`, which ends the job with the test
        pin = (await shell.until(r"Alarm PIN: (\d+)")).group(1)
        await shell.until(r"Console: run `freebox-bot simulate --console")

        async with FakeTelegram() as telegram:
            *assignments, program, command = shlex.split(run)
            assert (program, command) == ("freebox-bot", "run")
            settings = dict(a.split("=", 1) for a in assignments)
            settings |= {"TELEGRAM_BOT_TOKEN": telegram.token, "BOT_OWNER_IDS": str(OWNER)}
            bot = BotProcess(
                tmp_path,
                {
                    **settings,
                    "TELEGRAM_API_URL": telegram.url,
                    "NOTIF_HOST": "127.0.0.1",
                    "NOTIF_PORT": str(notif_port),
                },
            )
            await bot.start()
            try:
                await bot.wait_for_log("connected to Telegram", timeout=TIMEOUT)

                telegram.push_message(OWNER, OWNER, "/pair")
                await shown(telegram, "✅", since=0)
                await shell.until(r"box -> POST http://127\.0\.0\.1:\d+/\S+/register: HTTP 200")

                # A pushed event: a missed call typed on the simulator's console.
                mark = so_far(telegram)
                typed = await console(control_port, "call 0612345678 Maman")
                assert "missed call" in typed and "Maman" in typed, typed
                await shown(telegram, "Maman", since=mark)

                # /guest: the key is made on the box (the settings permission was granted).
                mark = so_far(telegram)
                telegram.push_message(OWNER, OWNER, "/guest")
                question = await shown(telegram, "Wi-Fi", since=mark)
                mark = so_far(telegram)
                await press(telegram, question, question.buttons[0][0]["callback_data"])
                await telegram.wait_for(
                    lambda: any(m.kind == "photo" for m in telegram.sent[OWNER][mark:]),
                    timeout=TIMEOUT,
                )

                # The siren goes off; the owner disarms with the PIN the simulator printed.
                mark = so_far(telegram)
                await console(control_port, "alarm")
                await shown(telegram, "🚨", since=mark)  # every event is subscribed at /pair
                mark = so_far(telegram)
                telegram.push_message(OWNER, OWNER, "/alarm")
                panel = await shown(telegram, "🔓", since=mark)
                [disarm] = [b for row in panel.buttons for b in row if "🔓" in b["text"]]
                mark = so_far(telegram)
                await press(telegram, panel, disarm["callback_data"])
                await shown(telegram, "PIN", since=mark)
                telegram.push_message(OWNER, OWNER, pin)
                await telegram.wait_for(lambda: "désarmé" in panel.visible_text, timeout=TIMEOUT)
            finally:
                assert await bot.stop() == 0, bot.log

        shell.type("jobs")
        await shell.until(r"Running\s+freebox-bot simulate")
        assert "Stopped" not in shell.screen, shell.screen


async def test_in_the_foreground_the_console_is_typed_in_its_own_terminal(
    tmp_path: Path,
) -> None:
    env = child_env({"LANG": "fr_FR.UTF-8", "PYTHONUNBUFFERED": "1", "HOME": str(tmp_path)})
    with terminal(env, tmp_path) as shell:
        shell.type(f'freebox-bot() {{ {shlex.quote(sys.executable)} -m bot "$@"; }}')
        shell.type(f"freebox-bot simulate --port {free_port()} --control-port {free_port()}")
        await shell.until(r"Console : tapez 'help' ici, ou lancez `freebox-bot simulate --console")
        shell.type("pin")
        await shell.until(r"code PIN de l'alarme : 0000")
        os.write(shell.master, b"\x03")  # Ctrl-C: the simulator stops, the shell prompts again
        await shell.until(r"\^C\n?\$ $")
        shell.type("echo simulator-exited-$?")
        await shell.until(r"simulator-exited-0")
