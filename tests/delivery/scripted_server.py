"""Old import path of the loopback server, kept only for tests/gui until it moves to tests/ui:
import `tests.support.servers` instead (delete this file when nothing imports it)."""

from tests.support.servers import LoopbackServer as ScriptedServer
from tests.support.servers import Reply
from tests.support.servers import Request as Received

__all__ = ["Received", "Reply", "ScriptedServer"]
