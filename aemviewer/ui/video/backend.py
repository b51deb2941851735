"""QtMultimedia, imported defensively: without it (or its system libraries) the rest of the app works
and the Video tab says what to install.

QtMultimedia ships in `PySide6-Addons` and needs the system library `libpulse.so.0` to load (no
sound server is needed). Modules that use it import it from here, after checking `missing()`.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import sys
from functools import cache
from pathlib import Path

from PySide6 import __version__ as PYSIDE_VERSION

from aemviewer.delivery.errors import MediaBackendMissing

log = logging.getLogger(__name__)

AV_LOG_ERROR = 16
_SYSTEM_PACKAGES = {"libpulse.so.0": "libpulse0", "libpulse-mainloop-glib.so.0": "libpulse-mainloop-glib0"}


@cache
def missing() -> MediaBackendMissing | None:
    """Why video cannot play here (which package or system library is missing), or None."""
    try:
        from PySide6 import QtMultimedia, QtMultimediaWidgets  # noqa: F401 - imported to see if they load
    except ImportError as error:
        return describe_import_error(error)
    return None


def describe_import_error(error: ImportError) -> MediaBackendMissing:
    """The typed error for a failed QtMultimedia import: a missing wheel or a missing shared library."""
    text = str(error)
    library = re.search(r"(lib[\w.+-]+\.so(?:\.\d+)*)", text)
    if library is not None:
        name = library.group(1)
        package = _SYSTEM_PACKAGES.get(name)
        install = f"apt-get install {package}" if package else f"install the package that provides {name}"
        return MediaBackendMissing(
            f"Video playback is unavailable: QtMultimedia cannot load the system library {name}.",
            hint=f"On Debian or Ubuntu: {install} (scripts/system-deps.sh lists every library), then restart.",
        )
    if "QtMultimedia" in text or "No module named" in text:
        return MediaBackendMissing(
            "Video playback is unavailable: QtMultimedia is not installed (it ships in PySide6-Addons).",
            hint=f"pip install PySide6-Addons=={PYSIDE_VERSION}, then restart.",
        )
    return MediaBackendMissing(
        f"Video playback is unavailable: QtMultimedia does not load ({text}).",
        hint="Reinstall PySide6-Addons and check scripts/system-deps.sh, then restart.",
    )


def quiet_ffmpeg_log() -> None:
    """Keep FFmpeg to errors on stderr.

    Qt's FFmpeg prints every opened URL and stream dump at its default level, and the URLs are the
    playback proxy's, secret path included. Qt has no setting for it, so the level is set on the
    libavutil the media plugin loaded (found in /proc/self/maps: Linux only; elsewhere, a no-op).
    Call it after a QMediaPlayer exists, i.e. once the plugin is loaded.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        with Path("/proc/self/maps").open(encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "libavutil.so" in line}
        for path in paths:
            ctypes.CDLL(path, mode=os.RTLD_NOLOAD).av_log_set_level(AV_LOG_ERROR)
    except (OSError, AttributeError) as error:
        # Only the amount of logging depends on it; playback works either way.
        log.debug("FFmpeg's log level stays at its default: %s", error)
