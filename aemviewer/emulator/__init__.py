"""A local HTTP server that speaks the AEM Assets Delivery API (docs/emulator.md).

No Qt and no client code: it reads only `aemviewer.api_spec` constants, so that it stays an
independent implementation of the same spec.
"""

from aemviewer.emulator.app import create_app
from aemviewer.emulator.catalogue import load_library
from aemviewer.emulator.library import Asset, Library, LibraryError, SmartCrop, TokenGrant
from aemviewer.emulator.server import EmulatorServer, serve

__all__ = [
    "Asset",
    "EmulatorServer",
    "Library",
    "LibraryError",
    "SmartCrop",
    "TokenGrant",
    "create_app",
    "load_library",
    "serve",
]
