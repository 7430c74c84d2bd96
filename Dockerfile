# syntax=docker/dockerfile:1
# Freebox Bot: notification server + Telegram bot in one process.
#   docker build -t freebox-bot .
#   docker run -d -e TELEGRAM_BOT_TOKEN=... -e NOTIF_PUBLIC_URL=http://<host-ip>:8080 \
#     -p 8080:8080 -v freebox-bot-data:/data freebox-bot
# docker-compose.yml in this directory does the same with every variable listed.

ARG PYTHON_IMAGE=python:3.11-slim

# --- build: install the project and its dependencies into a virtualenv -------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY notifserver/ notifserver/
COPY freeboxos/ freeboxos/
COPY migrations/ migrations/
RUN pip install --no-cache-dir '.[postgres]'

# --- runtime: the virtualenv only, run as an unprivileged user ---------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    DATA_DIR=/data \
    NOTIF_HOST=0.0.0.0 \
    NOTIF_PORT=8080

# /data is created and owned here, before VOLUME, so that a fresh named volume
# inherits this ownership and the unprivileged user can write the database and keys.
RUN groupadd --system --gid 10001 freebox \
    && useradd --system --uid 10001 --gid freebox --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin freebox \
    && mkdir -p /app /data \
    && chown freebox:freebox /data \
    && chmod 0700 /data

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
USER freebox:freebox
VOLUME ["/data"]
EXPOSE 8080

# slim has no curl: probe with the standard library. The shell expands NOTIF_PORT
# when the check runs; urlopen raises (exit 1) on refusal, timeout or non-2xx.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${NOTIF_PORT:-8080}/healthz', timeout=4)" || exit 1

# As PID 1, Python ignores SIGTERM unless a handler is installed, but always turns
# SIGINT into a clean cancellation of asyncio.run(): stop with SIGINT.
STOPSIGNAL SIGINT

CMD ["freebox-bot", "run"]
