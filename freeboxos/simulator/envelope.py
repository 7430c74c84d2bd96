"""The box's JSON envelope, and the one exception the route handlers raise.

Every answer of the box is ``{"success": true, "result": ...}`` or
``{"success": false, "error_code": ..., "msg": ...}``; the HTTP status tells the
same story (403 for authentication, 404 for an unknown object, 400 for a bad
request). Messages are in French, as on the box.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any, Final

from aiohttp import web

JsonObject = dict[str, Any]

#: Marks "no result member at all" (``{"success": true}``), which the box answers
#: for writes without payload and, as a quirk, for empty lists.
NO_RESULT: Final = object()

_MESSAGES: Final[dict[str, str]] = {
    "auth_required": "Vous devez vous connecter pour accéder à cette fonction",
    "invalid_token": "Erreur d'authentification de l'application",
    "pending_token": "La demande d'autorisation de l'application est en attente de validation",
    "insufficient_rights": "Cette application n'est pas autorisée à accéder à cette fonction",
    "invalid_request": "Requête invalide",
    "invalid_api_version": "Version d'API invalide",
    "inval": "Paramètre invalide",
    "noent": "Objet introuvable",
    "internal_error": "Erreur interne",
    "task_not_found": "Aucune tâche avec cet identifiant",
    "invalid_url": "URL invalide",
    "invalid_file": "Fichier invalide",
    "invalid_operation": "Opération invalide",
    "invalid_priority": "Priorité invalide",
    "exists": "Cette tâche existe déjà",
    "invalid_id": "Aucun appel avec cet identifiant",
    "nohost": "Hôte invalide",
    "nodev": "Interface invalide",
}

_STATUSES: Final[dict[str, int]] = {
    "auth_required": 403,
    "invalid_token": 403,
    "pending_token": 403,
    "insufficient_rights": 403,
    "denied_from_external_ip": 403,
    "ratelimited": 403,
    "new_apps_denied": 403,
    "apps_denied": 403,
    "noent": 404,
    "task_not_found": 404,
    "invalid_id": 404,
    "nohost": 404,
    "nodev": 404,
    "internal_error": 500,
}

_dumps = partial(json.dumps, ensure_ascii=False)


class ApiError(Exception):
    """An error the simulated box answers with its envelope.

    Args:
        error_code: the box's ``error_code``.
        msg: the French message; a default one is chosen from ``error_code``.
        status: the HTTP status; a default one is chosen from ``error_code``.
        extra: more top-level members (``uid``, ``missing_right``...).
        result: a ``result`` member, as some errors carry one (a fresh challenge).
    """

    def __init__(
        self,
        error_code: str,
        msg: str | None = None,
        *,
        status: int | None = None,
        extra: JsonObject | None = None,
        result: Any = NO_RESULT,
    ) -> None:
        self.error_code = error_code
        self.msg = msg or _MESSAGES.get(error_code, "Erreur")
        self.status = status or _STATUSES.get(error_code, 400)
        self.extra = extra or {}
        self.result = result
        super().__init__(f"{error_code}: {self.msg}")

    def to_response(self) -> web.Response:
        """Build the box's error answer."""
        return fail(
            self.error_code, self.msg, status=self.status, extra=self.extra, result=self.result
        )


def ok(result: Any = NO_RESULT, *, omit_empty: bool = False) -> web.Response:
    """Answer success, with ``result`` unless it is ``NO_RESULT``.

    Args:
        result: the payload.
        omit_empty: drop ``result`` when it is an empty list, as real boxes do.

    Returns:
        The JSON response.
    """
    body: JsonObject = {"success": True}
    if result is not NO_RESULT and not (omit_empty and result == []):
        body["result"] = result
    return web.json_response(body, dumps=_dumps)


def fail(
    error_code: str,
    msg: str,
    *,
    status: int,
    extra: JsonObject | None = None,
    result: Any = NO_RESULT,
) -> web.Response:
    """Answer failure with the box's envelope.

    Returns:
        The JSON response.
    """
    body: JsonObject = {"success": False, "error_code": error_code, "msg": msg}
    body.update(extra or {})
    if result is not NO_RESULT:
        body["result"] = result
    return web.json_response(body, status=status, dumps=_dumps)


def dumps(value: Any) -> str:
    """Serialise like the box: UTF-8 text, no ASCII escapes."""
    return _dumps(value)
