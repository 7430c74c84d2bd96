"""The load generator, the same code for every server under test.

`concurrency` workers, each with its own keep-alive HTTP/1.1 connection, send `requests`
`POST`s in all back to back (closed loop: a worker sends its next request when the
previous answer arrived). It speaks just enough HTTP over asyncio streams to stay cheap:
on two cores the client shares the machine with the server, and the less it costs the
more the figure says about the server.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

Body = Callable[[int], dict[str, Any]]
"""The JSON body of request number `i`."""


@dataclass
class LoadResult:
    concurrency: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    errors: int = 0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _request_bytes(host: str, path: str, body: dict[str, Any]) -> bytes:
    data = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def run_load(
    url: str, body: Body, *, requests: int, concurrency: int, keep_answers: bool = False
) -> LoadResult:
    """Send `requests` POSTs to `url` over `concurrency` keep-alive connections."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    payloads = [_request_bytes(f"{host}:{port}", parts.path, body(i)) for i in range(requests)]
    result = LoadResult(concurrency=concurrency, seconds=0.0)
    next_index = iter(range(requests))

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for i in next_index:
                t0 = time.perf_counter()
                writer.write(payloads[i])
                status, data = await _read_response(reader)
                result.latencies.append(time.perf_counter() - t0)
                if status != 200:
                    result.errors += 1
                elif keep_answers:
                    result.answers.append(json.loads(data))
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    return result
