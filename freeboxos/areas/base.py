"""What every API area shares: the client's one request funnel.

An area is a small object (`client.contacts`, `client.profiles`...) grouping the calls
of one part of the API. It holds no state and touches the network only through the
funnel it is given, so session renewal, timeouts and error mapping stay in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class Funnel(Protocol):
    """The client's `_request`: one API call, returning the envelope's `result`."""

    async def __call__(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        binary: bool = False,
    ) -> Any: ...


class Area:
    """Base of the API areas: keeps the funnel."""

    def __init__(self, request: Funnel) -> None:
        self._request = request
