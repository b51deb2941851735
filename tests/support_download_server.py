"""Old import path of the download server, kept only for tests/gui until it moves to tests/ui:
import `tests.support.download_server` instead (delete this file when nothing imports it)."""

from tests.support.download_server import DownloadServer

__all__ = ["DownloadServer"]
