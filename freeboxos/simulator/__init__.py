"""A stateful Freebox box simulator: the FreeboxOS API (v15) on an aiohttp server.

Tests embed ``create_simulator_app(SimulatorState())`` in a ``TestServer``;
``freebox-bot simulate`` runs ``run_simulator``. The state is the test's lever:
approve a pairing, expire sessions, complete a download (pushing ``task_done``
to the registered notification servers), drop websockets, and read back every
request the box received and every call it made.
"""

from .app import create_simulator_app
from .auth import DEFAULT_PERMISSIONS, AppRecord, Session, session_password
from .envelope import ApiError
from .notify import NotificationTarget, OutgoingCall
from .pushes import PushMessage
from .recording import RecordedRequest, RequestBody, UploadedFile
from .routing import STATE_KEY
from .runner import run_simulator
from .state import API_VERSION, BoxInfo, SimulatorState

__all__ = [
    "API_VERSION",
    "DEFAULT_PERMISSIONS",
    "STATE_KEY",
    "ApiError",
    "AppRecord",
    "BoxInfo",
    "NotificationTarget",
    "OutgoingCall",
    "PushMessage",
    "RecordedRequest",
    "RequestBody",
    "Session",
    "SimulatorState",
    "UploadedFile",
    "create_simulator_app",
    "run_simulator",
    "session_password",
]
