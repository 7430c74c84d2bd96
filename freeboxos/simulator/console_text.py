"""What the simulator's console says, in English and French.

The simulator is a development tool without the bot's Fluent files (``freeboxos`` knows
nothing of the bot): its few sentences live here, chosen by the console's language
(``LANG``, or the ``Accept-Language`` of ``freebox-bot simulate --console``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final, Literal

Language = Literal["en", "fr"]

HELP: Final[dict[Language, str]] = {
    "en": """\
approve [track_id]     grant the latest (or given) pending authorization
deny [track_id]        deny it
timeout [track_id]     let it time out
pending                list pending authorization requests
grant PERM...          give every app a permission (settings, home...)
withdraw PERM...       take it back
revoke APP_ID          revoke an app's token
expire                 expire every session
downloads              list the downloads with their ids
progress ID PERCENT    move a download forward (no push)
complete TASK_ID       finish a download (pushes task_done)
fail TASK_ID [ERROR]   fail a download (pushes task_error)
call NUMBER [NAME]     a missed call (pushes phone)
voicemail NUMBER [S]   a caller leaves a voicemail (S seconds long)
guest KEY_ID MAC NAME IP  a device joins the guest Wi-Fi with that key
remote on|off          HTTP remote access (share links get a URL only when on)
host MAC NAME IP       a new LAN host (pushes lan_host)
reachable HOST_ID      websocket event lan_host_l3addr_reachable
unreachable HOST_ID    websocket event lan_host_l3addr_unreachable
boxstate EVENT         pub_up, enter_sleep, shut_down or reboot
password [IP]          password_change
alarm                  the alarm goes off (pushes security)
pin                    the alarm's PIN
drop                   close every websocket
unplug                 the box drops off the network (every connection cut)
plug                   the box is back
hold [PATH_END]        the box sits on requests (those ending with PATH_END), answering none
release                the held requests get their answers
forget                 the box forgets its notification targets
help                   this text""",
    "fr": """\
approve [track_id]     accepter la dernière demande d'autorisation (ou celle donnée)
deny [track_id]        la refuser
timeout [track_id]     la laisser expirer
pending                les demandes d'autorisation en attente
grant PERM...          donner un droit à toutes les applis (settings, home...)
withdraw PERM...       le retirer
revoke APP_ID          révoquer le jeton d'une appli
expire                 faire expirer toutes les sessions
downloads              les téléchargements et leurs numéros
progress ID POURCENT   avancer un téléchargement (sans notification)
complete ID            terminer un téléchargement (notifie task_done)
fail ID [ERREUR]       mettre un téléchargement en erreur (notifie task_error)
call NUMÉRO [NOM]      un appel manqué (notifie phone)
voicemail NUMÉRO [S]   un correspondant laisse un message vocal (de S secondes)
guest CLÉ MAC NOM IP   un appareil rejoint le Wi-Fi invité avec cette clé
remote on|off          l'accès à distance HTTP (les liens de partage n'ont d'URL qu'avec on)
host MAC NOM IP        un nouvel appareil sur le réseau (notifie lan_host)
reachable HOST_ID      événement websocket lan_host_l3addr_reachable
unreachable HOST_ID    événement websocket lan_host_l3addr_unreachable
boxstate ÉVÉNEMENT     pub_up, enter_sleep, shut_down ou reboot
password [IP]          changement du mot de passe (password_change)
alarm                  l'alarme se déclenche (notifie security)
pin                    le code PIN de l'alarme
drop                   fermer tous les websockets
unplug                 la box quitte le réseau (toutes les connexions coupées)
plug                   la box revient
hold [FIN_DU_CHEMIN]   la box garde les requêtes (celles finissant par FIN_DU_CHEMIN) sans répondre
release                les requêtes gardées reçoivent leur réponse
forget                 la box oublie ses cibles de notification
help                   ce texte""",
}

TEXTS: Final[dict[Language, dict[str, str]]] = {
    "en": {
        "approved": "granted {app!r} (track {track})",
        "denied": "denied {app!r} (track {track})",
        "timed-out": "timed out {app!r} (track {track})",
        "pending-line": "track {track}: {app} ({app_id}) on {device}",
        "nothing-pending": "nothing pending",
        "granted": "granted {permissions} to every app",
        "withdrew": "withdrew {permissions} from every app",
        "revoked": "revoked {app_id}",
        "expired": "every session expired",
        "download-line": "{id}  {name}  {status} {pct}%",
        "no-downloads": "no downloads; the bot's /add makes one",
        "progressed": "task {id} {name!r} at {pct}%",
        "completed": "task {id} {name!r} is {status}",
        "failed": "task {id} {name!r} failed with {error}",
        "called": "missed call {id} from {name}",
        "voicemail": "voicemail {id} from {number}",
        "guest-joined": "{name} joined with guest key {key_id}",
        "remote-on": "remote access on: share links have a URL",
        "remote-off": "remote access off: share links have no URL",
        "new-host": "new host {id}",
        "reachable": "{id} reachable",
        "unreachable": "{id} unreachable",
        "box-state": "pushed box_state {event}",
        "password": "pushed password_change",
        "alarm": "the alarm goes off",
        "pin": "alarm PIN: {pin}",
        "dropped": "closed {count} websocket(s)",
        "unplugged": "unplugged",
        "plugged": "plugged in",
        "holding-some": "holding requests ending with {suffix!r}",
        "holding-all": "holding every request",
        "released": "released {count} request(s)",
        "forgotten": "notification targets forgotten",
        "error": "error: {reason}",
        "missing-argument": "error: {command} needs more arguments; type 'help'",
        "unknown": "unknown command {word!r}; type 'help'",
        "banner-pin": "Alarm PIN: {pin} (the bot asks for it to disarm)",
        "banner-granted": "Pairing is approved at once, with every permission (settings, home...).",
        "banner-local": "Console: type 'help' here, or run `{attach}` in another terminal.",
        "banner-remote": "Console: run `{attach}` in another terminal ('help' lists the commands).",
        "banner-only-local": "Console: type 'help' here.",
        "control-port-taken": "Port {port} is taken: no `--console` for this simulator "
        "(choose another with --control-port).",
        "attached": "Connected to the simulator on 127.0.0.1:{port}; type 'help'.",
        "no-simulator": "no simulator console on 127.0.0.1:{port}; start `freebox-bot simulate`",
    },
    "fr": {
        "approved": "{app!r} autorisée (demande {track})",
        "denied": "{app!r} refusée (demande {track})",
        "timed-out": "{app!r} expirée (demande {track})",
        "pending-line": "demande {track} : {app} ({app_id}) sur {device}",
        "nothing-pending": "aucune demande en attente",
        "granted": "droit {permissions} donné à toutes les applis",
        "withdrew": "droit {permissions} retiré à toutes les applis",
        "revoked": "{app_id} révoquée",
        "expired": "toutes les sessions ont expiré",
        "download-line": "{id}  {name}  {status} {pct} %",
        "no-downloads": "aucun téléchargement ; /add dans le bot en crée un",
        "progressed": "tâche {id} {name!r} à {pct} %",
        "completed": "tâche {id} {name!r} : {status}",
        "failed": "tâche {id} {name!r} en erreur : {error}",
        "called": "appel manqué {id} de {name}",
        "voicemail": "message vocal {id} de {number}",
        "guest-joined": "{name} connecté avec la clé invité {key_id}",
        "remote-on": "accès à distance activé : les liens de partage ont une URL",
        "remote-off": "accès à distance coupé : les liens de partage n'ont pas d'URL",
        "new-host": "nouvel appareil {id}",
        "reachable": "{id} joignable",
        "unreachable": "{id} injoignable",
        "box-state": "box_state {event} notifié",
        "password": "password_change notifié",
        "alarm": "l'alarme se déclenche",
        "pin": "code PIN de l'alarme : {pin}",
        "dropped": "{count} websocket(s) fermé(s)",
        "unplugged": "débranchée",
        "plugged": "rebranchée",
        "holding-some": "requêtes finissant par {suffix!r} gardées sans réponse",
        "holding-all": "toutes les requêtes gardées sans réponse",
        "released": "{count} requête(s) libérée(s)",
        "forgotten": "cibles de notification oubliées",
        "error": "erreur : {reason}",
        "missing-argument": "erreur : il manque des arguments à {command} ; tapez 'help'",
        "unknown": "commande inconnue {word!r} ; tapez 'help'",
        "banner-pin": "Code PIN de l'alarme : {pin} (le bot le demande pour la désarmer)",
        "banner-granted": "Association acceptée d'office, avec tous les droits "
        "(settings, home...).",
        "banner-local": "Console : tapez 'help' ici, ou lancez `{attach}` dans un autre terminal.",
        "banner-remote": "Console : lancez `{attach}` dans un autre terminal ('help' liste les "
        "commandes).",
        "banner-only-local": "Console : tapez 'help' ici.",
        "control-port-taken": "Le port {port} est pris : pas de `--console` pour ce simulateur "
        "(choisissez-en un autre avec --control-port).",
        "attached": "Connecté au simulateur sur 127.0.0.1:{port} ; tapez 'help'.",
        "no-simulator": "aucune console de simulateur sur 127.0.0.1:{port} ; lancez "
        "`freebox-bot simulate`",
    },
}


def say(language: Language, key: str, **values: object) -> str:
    """The sentence ``key`` in ``language``, filled with ``values``."""
    return TEXTS[language][key].format(**values)


def language_of(value: str | None) -> Language:
    """``fr`` for a French locale or Accept-Language (``fr_FR.UTF-8``, ``fr-CA``), else ``en``."""
    return "fr" if value and value.strip().lower().startswith("fr") else "en"


def console_language(environ: Mapping[str, str] | None = None) -> Language:
    """The terminal's language, as ``gettext`` finds it: LC_ALL, LC_MESSAGES, then LANG."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return language_of(env[name])
    return "en"
