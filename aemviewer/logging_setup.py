"""The app's log: a rotating file in the platform's log folder (for bug reports), and stderr.

Nothing that looks like a token reaches either: every handler carries a `RedactingFilter` that
replaces JWTs, `Bearer …` values, `Authorization` and `x-asset-delivery-token` header values and
any secret registered with `register_secret` (tokens that are not JWT-shaped) by `••••` — in the
message, its arguments and the formatted traceback.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path

import platformdirs

from aemviewer import APP_NAME
from aemviewer.delivery.tokens import REDACTED
from aemviewer.workspace.jwt import JWT_PATTERN

LOG_FILE = "aemviewer.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_PATTERNS = re.compile(
    "|".join(
        [
            JWT_PATTERN,
            r"(?<=[Bb]earer )[^\s'\",;]+",
            r"(?<=[Aa]uthorization: )[^\r\n'\",]+",
            r"(?<=[Aa]uthorization': ')[^']+",
            r'(?<=[Aa]uthorization": ")[^"]+',
            r"(?<=[Xx]-[Aa]sset-[Dd]elivery-[Tt]oken: )[^\r\n'\",]+",
            r"(?<=[Xx]-[Aa]sset-[Dd]elivery-[Tt]oken': ')[^']+",
            r'(?<=[Xx]-[Aa]sset-[Dd]elivery-[Tt]oken": ")[^"]+',
        ]
    )
)
_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_MIN_SECRET_LENGTH = 8  # shorter values would redact ordinary words


def log_directory() -> Path:
    """The platform's log folder for aemviewer (created by `setup_logging`)."""
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def register_secret(value: str | None) -> None:
    """Redact `value` wherever it appears in a log line from now on (for tokens that do not look
    like JWTs). Values shorter than 8 characters are not registered."""
    if value and len(value.strip()) >= _MIN_SECRET_LENGTH:
        with _secrets_lock:
            _secrets.add(value.strip())


def redact(text: str) -> str:
    """`text` with everything that looks like a token replaced by `••••`."""
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, REDACTED)
    return _PATTERNS.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record so that its message and traceback carry no token. Never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format: keep both, redacted
            message = f"{record.msg} {record.args}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def setup_logging(directory: Path | None = None, *, level: int = logging.INFO, stderr: bool = True) -> Path:
    """Log to `aemviewer.log` in `directory` (default: `log_directory()`), rotating at 1 MiB with
    3 old files kept, and to stderr; returns the log file's path. Calling it again replaces the
    handlers it added before."""
    folder = directory if directory is not None else log_directory()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_aemviewer", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    ]
    if stderr:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(RedactingFilter())
        handler._aemviewer = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    # One line per request would drown everything else (live previews make many).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return path
