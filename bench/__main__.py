"""Benchmarks of the notification server: `python -m bench` prints one table.

1. `/send` acknowledgement throughput and p50/p99 latency at 1, 16 and 64 concurrent
   connections, against `python -m bot run` (real SQLite file, synchronous=FULL: every
   answer follows its commit) and against a bare aiohttp handler that parses the same
   JSON and stores nothing (`bench.bare_server`), with the same load generator
   (`bench.loadgen`) in this process, each server in a child process of its own. The
   levels run with Telegram unreachable (the `/send` path alone: the headline ratio),
   then 64 connections again while the worker delivers to Telegram beside them.
2. Event-to-Telegram latency, from the box's `POST /send` to the fake Telegram Bot API
   (served by this process) receiving `sendMessage`: 200 events to 200 chats paced under
   Telegram's limits, the same as a burst, and 200 events to one chat; the drain rate and
   the largest number of messages Telegram received in any 1 s window (limit 30).
3. Start-up time of `freebox-bot run` to ready (notification server's /healthz answers and
   Telegram got the command menu), resident memory idle and after 10,000 notifications,
   and the resident memory of the chosen libraries alone (the floor under the bot's).

Usage: python -m bench [--quick] [--requests N] [--notifications N]
       [--only throughput latency memory]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select

from bench.child import BOX_ID, BareChild, BotChild, rss_mib
from bench.loadgen import LoadResult, run_load
from bot.storage.models import OutboxMessage, OutboxStatus
from tests.fakes import Call, FakeTelegram

TELEGRAM_LIMIT = 30  # messages per second, overall
ROUNDS = 3  # per concurrency level in part 1, alternating bare handler and bot
# The box's body names the download between quotes; the bench names each task by its id.
_TASK_ID = re.compile(r"bench-(\d+)\.iso")


@dataclass
class Row:
    section: str
    measure: str
    result: str
    target: str = ""
    ok: bool | None = None


ROWS: list[Row] = []


def row(section: str, measure: str, result: str, target: str = "", ok: bool | None = None) -> None:
    ROWS.append(Row(section, measure, result, target, ok))
    mark = "" if ok is None else (" ok" if ok else " MISSED")
    print(f"  {measure}: {result}{f'  (target {target}{mark})' if target else ''}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def pct(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def max_in_window(times: Sequence[float], window: float = 1.0) -> int:
    """The largest number of instants in any half-open window [t, t + window)."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(ordered):
        while ordered[start] <= t - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def _notification(device: str, task: int) -> dict[str, Any]:
    return {
        "devices": [device],
        "box_id": BOX_ID,
        "title": None,
        "body": f"Le téléchargement de « bench-{task}.iso » est terminé",
        "payload": {"box_id": BOX_ID, "type": "downloader", "event": "task_done", "data": task},
    }


async def _pending(bot: BotChild) -> int:
    query = select(func.count()).where(OutboxMessage.status == OutboxStatus.PENDING)
    return int(await bot.scalar(query) or 0)


async def _drained(bot: BotChild, timeout: float = 600) -> float:
    started = time.perf_counter()
    async with asyncio.timeout(timeout):
        while await _pending(bot):
            await asyncio.sleep(0.1)
    return time.perf_counter() - started


# ------------------------------------------------------------------------------- 1


async def throughput(
    bot: BotChild,
    bare: BareChild,
    http: aiohttp.ClientSession,
    requests: int,
    *,
    delivering: bool,
    levels: Sequence[int] = (1, 16, 64),
) -> None:
    """`delivering`: Telegram answers, so the worker sends what is acknowledged meanwhile."""
    print(f"1. /send acknowledgement ({'delivering' if delivering else 'ingest'})", flush=True)
    devices = [f"tp-{i}" for i in range(64)]
    for i, device in enumerate(devices):
        await bot.bind(http, 3000 + i, device)
    offset = 1_000_000

    def body(i: int) -> dict[str, Any]:
        return _notification(devices[i % len(devices)], offset + i)

    acknowledged = 0
    before = int(await bot.scalar(select(func.count()).select_from(OutboxMessage)) or 0)
    for concurrency in levels:
        n = requests if concurrency > 1 else max(100, requests // 4)
        # Two cores are noisy: the two servers take turns, three rounds, medians kept.
        bases: list[LoadResult] = []
        reals: list[LoadResult] = []
        for _round in range(ROUNDS):
            await run_load(bare.send_url, body, requests=200, concurrency=concurrency)  # warm-up
            bases.append(await run_load(bare.send_url, body, requests=n, concurrency=concurrency))
            offset += n
            await run_load(bot.send_url, body, requests=200, concurrency=concurrency)  # warm-up
            acknowledged += 200
            offset += 200
            real = await run_load(
                bot.send_url, body, requests=n, concurrency=concurrency, keep_answers=True
            )
            offset += n
            if real.errors or bases[-1].errors:
                raise RuntimeError(f"errors: bot {real.errors}, bare {bases[-1].errors}")
            acknowledged += sum(len(a["successIds"]) for a in real.answers)
            reals.append(real)
        _load_rows(concurrency, _median(bases), _median(reals), delivering)
    after = int(await bot.scalar(select(func.count()).select_from(OutboxMessage)) or 0)
    row(
        "1",
        "acknowledged = committed outbox rows",
        f"{acknowledged} acknowledged, {after - before} rows",
        "equal",
        acknowledged == after - before,
    )


def _median(results: Sequence[LoadResult]) -> LoadResult:
    """The round with the median throughput."""
    return sorted(results, key=lambda r: r.throughput)[len(results) // 2]


def _load_rows(concurrency: int, base: LoadResult, real: LoadResult, delivering: bool) -> None:
    ratio = real.throughput / base.throughput
    bot = "freebox-bot, delivering meanwhile" if delivering else "freebox-bot (SQLite, FULL)"
    for name, res in (("bare handler", base), (bot, real)):
        row(
            "1",
            f"{concurrency:>2} conn, {name}",
            f"{res.throughput:,.0f} req/s, p50 {ms(res.percentile(0.5))}, "
            f"p99 {ms(res.percentile(0.99))}",
        )
    headline = concurrency == 64 and not delivering
    row(
        "1",
        f"{concurrency:>2} conn, ratio bot/bare" + (", delivering meanwhile" if delivering else ""),
        f"{ratio:.2f}",
        "≥ 0.50" if headline else "",
        ratio >= 0.5 if headline else None,
    )


# ------------------------------------------------------------------------------- 2


def _task_ids(call: Call) -> list[int]:
    return [int(t) for t in _TASK_ID.findall(str(call.params.get("text", "")))]


class EventClock:
    """Matches each event (a task id) with the sendMessage that carried it."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self.telegram = telegram
        self.sent_at: dict[int, float] = {}
        self.first_call = len(telegram.calls)

    def calls(self) -> list[Call]:
        return [
            c for c in self.telegram.calls[self.first_call :] if c.method == "sendMessage" and c.ok
        ]

    def received(self) -> dict[int, float]:
        seen: dict[int, float] = {}
        for call in self.calls():
            for task in _task_ids(call):
                seen.setdefault(task, call.received_at)
        return seen

    async def all_received(self, timeout: float = 120) -> dict[int, float]:
        def done() -> dict[int, float] | None:
            seen = self.received()
            return seen if all(t in seen for t in self.sent_at) else None

        return await self.telegram.wait_for(done, timeout=timeout)

    def latencies(self, seen: dict[int, float]) -> list[float]:
        return [seen[t] - at for t, at in self.sent_at.items()]


async def _push(
    http: aiohttp.ClientSession, bot: BotChild, clock: EventClock, device: str, task: int
) -> None:
    clock.sent_at[task] = time.perf_counter()
    async with http.post(bot.send_url, json=_notification(device, task)) as resp:
        answer = await resp.json()
        if answer["successIds"] != [device]:
            raise RuntimeError(f"/send refused {device}: {answer}")


async def _concurrently(jobs: Sequence[Callable[[], Awaitable[None]]], limit: int) -> None:
    semaphore = asyncio.Semaphore(limit)

    async def one(job: Callable[[], Awaitable[None]]) -> None:
        async with semaphore:
            await job()

    await asyncio.gather(*(one(job) for job in jobs))


async def event_to_chat(
    bot: BotChild, telegram: FakeTelegram, http: aiohttp.ClientSession, events: int
) -> None:
    print("2. event to Telegram", flush=True)
    chats = list(range(1000, 1000 + events))
    for chat in chats:
        await bot.bind(http, chat, f"ev-{chat}")
    await bot.bind(http, 2000, "ev-one")
    await _drained(bot)
    await asyncio.sleep(1.5)  # the per-chat pacing of earlier messages is over
    task = 0  # small task ids, one per event

    # Under Telegram's limits: 20 events/s, each to a different chat.
    clock = EventClock(telegram)
    for chat in chats:
        task += 1
        await _push(http, bot, clock, f"ev-{chat}", task)
        await asyncio.sleep(1 / 20)
    lat = clock.latencies(await clock.all_received())
    row(
        "2",
        f"{events} events to {events} chats at 20/s",
        f"p50 {ms(pct(lat, 0.5))}, p99 {ms(pct(lat, 0.99))}",
        "p50 < 50 ms",
        pct(lat, 0.5) < 0.050,
    )
    await asyncio.sleep(1.5)

    # A burst: every event at once, each to a different chat.
    clock = EventClock(telegram)
    jobs = []
    for chat in chats:
        task += 1
        jobs.append(lambda chat=chat, task=task: _push(http, bot, clock, f"ev-{chat}", task))
    await _concurrently(jobs, 16)
    lat = clock.latencies(await clock.all_received())
    times = sorted(c.received_at for c in clock.calls())
    drain = (len(times) - 1) / (times[-1] - times[0])
    row(
        "2",
        f"burst of {events} events to {events} chats",
        f"p50 {ms(pct(lat, 0.5))}, p99 {ms(pct(lat, 0.99))}",
    )
    row(
        "2",
        "drain rate (burst, sendMessage/s)",
        f"{drain:.1f}/s = {drain / TELEGRAM_LIMIT:.0%} of {TELEGRAM_LIMIT}/s",
        "≥ 90 %",
        drain >= 0.9 * TELEGRAM_LIMIT,
    )
    window = max_in_window(times)
    row(
        "2",
        "most sendMessage in any 1 s window",
        f"{window}",
        f"≤ {TELEGRAM_LIMIT}",
        window <= TELEGRAM_LIMIT,
    )
    await asyncio.sleep(1.5)

    # A burst to one chat: Telegram allows about 1 message/s there.
    clock = EventClock(telegram)
    jobs = []
    for _ in range(events):
        task += 1
        jobs.append(lambda task=task: _push(http, bot, clock, "ev-one", task))
    await _concurrently(jobs, 16)
    seen = await clock.all_received()
    lat = clock.latencies(seen)
    calls = clock.calls()
    ordered = [task for call in calls for task in _task_ids(call)]
    in_order = ordered == sorted(clock.sent_at)
    per_chat = max_in_window([c.received_at for c in calls])
    row(
        "2",
        f"burst of {events} events to 1 chat",
        f"p50 {ms(pct(lat, 0.5))}, p99 {ms(pct(lat, 0.99))}; {len(calls)} messages, "
        f"{'in order' if in_order else 'OUT OF ORDER'}, at most {per_chat} in 1 s",
        "≤ 1 message/s in a chat, every event once, in order",
        per_chat <= 1 and in_order and len(ordered) == events,
    )


# ------------------------------------------------------------------------------- 3


async def memory(
    workdir: Path, telegram: FakeTelegram, http: aiohttp.ClientSession, notifications: int
) -> None:
    print("3. start-up and memory", flush=True)
    startups: list[float] = []
    # A first start (fresh DATA_DIR, every migration runs), a restart of that same
    # DATA_DIR (database at head: Alembic is not loaded), another first start.
    for attempt, directory in enumerate(("first", "first", "second")):
        bot = BotChild(workdir / directory, telegram)
        bot.workdir.mkdir(exist_ok=True)
        try:
            await bot.start(http)
            startups.append(bot.startup_seconds)
            if attempt < 2:
                await asyncio.sleep(3)
                idle = rss_mib(bot.pid)
            if attempt == 0:
                row("3", "RSS idle, first start", f"{idle:.0f} MiB", "≤ 80 MB", idle <= 80)
                await _memory_after_load(bot, http, notifications)
            elif attempt == 1:
                row("3", "RSS idle, restart (at head)", f"{idle:.0f} MiB", "≤ 80 MB", idle <= 80)
        finally:
            await bot.stop()
    await _libraries_floor()
    row(
        "3",
        "start-up of `freebox-bot run` to ready",
        f"median {statistics.median(startups):.2f} s ({', '.join(f'{s:.2f}' for s in startups)})",
        "≤ 2 s",
        statistics.median(startups) <= 2.0,
    )


# What the chosen libraries cost before any of the bot's own code runs: a fresh Python
# importing only the modules of the dependencies the product contract names.
_LIBRARIES_ONLY = """
import asyncio
import aiohttp.web, aiosqlite, telegram.ext, websockets.asyncio.client
import sqlalchemy.ext.asyncio, sqlalchemy.orm
import apscheduler.schedulers.asyncio, apscheduler.triggers.cron
for line in open("/proc/self/status"):
    if line.startswith("VmRSS:"):
        print(int(line.split()[1]) / 1024)
"""


async def _libraries_floor() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _LIBRARIES_ONLY, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    row(
        "3",
        "RSS of the chosen libraries alone (imported, nothing else)",
        f"{float(out):.0f} MiB",
    )


async def _memory_after_load(
    bot: BotChild, http: aiohttp.ClientSession, notifications: int
) -> None:
    devices = [f"mem-{i}" for i in range(50)]
    for i, device in enumerate(devices):
        await bot.bind(http, 4000 + i, device)

    def body(i: int) -> dict[str, Any]:
        return _notification(devices[i % len(devices)], 3_000_000 + i)

    await run_load(bot.send_url, body, requests=notifications, concurrency=16)
    drain = await _drained(bot)
    await asyncio.sleep(1)
    rss = rss_mib(bot.pid)
    row(
        "3",
        f"RSS after {notifications:,} notifications (delivered)",
        f"{rss:.0f} MiB (outbox drained {drain:.1f} s after the last ack)",
    )


# ------------------------------------------------------------------------------- main


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="freebox-bench-") as tmp:
        workdir = Path(tmp)
        async with FakeTelegram() as telegram, aiohttp.ClientSession() as http:
            if "memory" in args.only:
                await memory(workdir, telegram, http, args.notifications)
            bot = BotChild(workdir / "bot", telegram)
            bot.workdir.mkdir()
            bare = BareChild(workdir)
            try:
                await bot.start(http)
                await bare.start(http)
                if "throughput" in args.only:
                    # The /send path alone: Telegram unreachable, the worker backs off.
                    await telegram.stop()
                    await throughput(bot, bare, http, args.requests, delivering=False)
                    await telegram.start()
                    await _drained(bot)
                    # The same at 64 connections while the worker drains to Telegram.
                    await throughput(bot, bare, http, args.requests, delivering=True, levels=(64,))
                    await _drained(bot)
                if "latency" in args.only:
                    await event_to_chat(bot, telegram, http, args.events)
            finally:
                await bare.stop()
                await bot.stop()
    _print_table()


def _print_table() -> None:
    header = ("", "measure", "result", "target", "")
    lines = [
        (r.section, r.measure, r.result, r.target, "" if r.ok is None else "✓" if r.ok else "✗")
        for r in ROWS
    ]
    widths = [max(len(x[i]) for x in [header, *lines]) for i in range(len(header))]

    def fmt(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    print()
    print(fmt(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines:
        print(fmt(line))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000, help="per concurrency level")
    parser.add_argument("--notifications", type=int, default=10_000, help="for the memory figure")
    parser.add_argument("--events", type=int, default=200, help="for the latency figures")
    parser.add_argument("--quick", action="store_true", help="fewer requests and notifications")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=("throughput", "latency", "memory"),
        default=("throughput", "latency", "memory"),
    )
    args = parser.parse_args()
    if args.quick:
        args.requests, args.notifications = 1000, 2000
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
