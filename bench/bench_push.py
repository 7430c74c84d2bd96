"""Push benchmark: how fast the box is answered, and how fast its events reach Telegram.

Runs the whole product in-process (SQLite file, real migrations) against the fake Telegram
Bot API from the test suite, over loopback HTTP, and prints:

- ack latency of `POST /send` (p50/p95/p99) and throughput, sequential and concurrent;
- push-to-Telegram latency: from the box's `POST /send` to the fake Telegram receiving
  `sendMessage`, for one event at a time (what a household sees) and for a burst (which
  Telegram's 30 messages/s limit spreads out); one chat per event, so the 1 message/s
  per-chat pacing does not count;
- peak RSS of the process.

Usage: python -m bench.bench_push [--events 500] [--concurrency 20] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from tests.fakes import FakeTelegram
from tests.harness import running_bot


def _has_two(telegram: FakeTelegram, chat: int) -> bool:
    return len(telegram.messages(chat)) == 2


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return f"p50 {pick(0.50):.1f} ms, p95 {pick(0.95):.1f} ms, p99 {pick(0.99):.1f} ms"


async def _bench(events: int, concurrency: int, settings: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeTelegram() as telegram, running_bot(Path(tmp), telegram, **settings) as bot:
            chats = list(range(10_000, 10_000 + events))
            for chat in chats:
                await bot.bind(chat, f"dev-{chat}")
            payload = {"type": "box_state", "event": "pub_up"}

            acks: list[float] = []
            sent_at: dict[int, float] = {}
            started = time.perf_counter()
            for chat in chats[: events // 2]:
                t0 = time.perf_counter()
                sent_at[chat] = t0
                await bot.push([f"dev-{chat}"], payload)
                acks.append(time.perf_counter() - t0)
            sequential = time.perf_counter() - started

            semaphore = asyncio.Semaphore(concurrency)
            concurrent_acks: list[float] = []

            async def one(chat: int) -> None:
                async with semaphore:
                    t0 = time.perf_counter()
                    sent_at[chat] = t0
                    await bot.push([f"dev-{chat}"], payload)
                    concurrent_acks.append(time.perf_counter() - t0)

            started = time.perf_counter()
            await asyncio.gather(*(one(chat) for chat in chats[events // 2 :]))
            concurrent = time.perf_counter() - started

            await telegram.wait_for(lambda: all(telegram.messages(c) for c in chats), timeout=300)

            idle: list[float] = []
            for chat in chats[:50]:
                t0 = time.perf_counter()
                await bot.push([f"dev-{chat}"], payload)
                await telegram.wait_for(partial(_has_two, telegram, chat))
                idle.append(time.perf_counter() - t0)
            received = {
                call.params["chat_id"]: call.received_at
                for call in telegram.calls_to("sendMessage")
                if call.ok
            }
            delivery = [received[c] - sent_at[c] for c in chats if c in received]

    print(f"events: {events} (one chat each), concurrency {concurrency}")
    print(f"ack, sequential: {_percentiles(acks)}; {len(acks) / sequential:.0f} req/s")
    print(
        f"ack, concurrent: {_percentiles(concurrent_acks)}; "
        f"{len(concurrent_acks) / concurrent:.0f} req/s"
    )
    print(f"push to Telegram, one event at a time: {_percentiles(idle)}")
    print(f"push to Telegram, burst of {events} (30 msg/s cap): {_percentiles(delivery)}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"mean burst delivery: {statistics.mean(delivery) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--postgres", help="postgresql+asyncpg:// URL of an empty database")
    args = parser.parse_args()
    settings = {"database_url": args.postgres} if args.postgres else {}
    asyncio.run(_bench(args.events, args.concurrency, settings))


if __name__ == "__main__":
    main()
