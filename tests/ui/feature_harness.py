"""One feature on its own: a `FeatureContext` over the real emulator and a real preview controller,
without a `MainWindow`. Status messages, banners and navigation are recorded for the test to read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef, parse_reference
from aemviewer.delivery.tokens import StaticToken
from aemviewer.ui.common.context import BannerAction, FeatureContext
from aemviewer.ui.common.operations import OperationRunner
from aemviewer.ui.common.preview_model import Preview, PreviewModel
from aemviewer.ui.common.request_limiter import RequestLimiter
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.common.settings import WindowSettings
from aemviewer.ui.preview.controller import PreviewController
from aemviewer.ui.widgets.banner import BannerKind
from tests.ui.helpers import WAIT_MS, SaveChooser


@dataclass
class RecordedStatus:
    """The status line and the preview banner, as a list of what was said."""

    messages: list[str] = field(default_factory=list)
    errors: list[DeliveryError] = field(default_factory=list)
    banners: list[tuple[BannerKind, str]] = field(default_factory=list)

    def show_message(self, text: str, timeout_ms: int) -> None:
        self.messages.append(text)

    def show_error(self, error: DeliveryError) -> None:
        self.errors.append(error)

    def show_banner(
        self, kind: BannerKind, title: str, message: str, actions: Sequence[BannerAction] = ()
    ) -> None:
        self.banners.append((kind, title))


class Navigator:
    """Navigation over the real preview controller, recording where the user was sent."""

    def __init__(self, controller: PreviewController, preview: PreviewModel) -> None:
        self.controller = controller
        self.preview = preview
        self.shown: list[str] = []
        """"preview", "video" or the object name of a tab widget, in order."""
        self.titles: dict[int, str] = {}

    def open_text(self, text: str) -> bool:
        try:
            ref = parse_reference(text)
        except DeliveryError:
            return False
        self.open_reference(ref, text)
        return True

    def open_reference(self, ref: AssetRef, text: str) -> None:
        self.preview.asset_opened.emit(ref)
        self.controller.open(ref, ref.format or "jpg")

    def open_url(self, url: str, accept: str | None = None) -> bool:
        if accept:
            self.controller.set_accept(accept)
        opened = self.open_text(url)
        if opened:
            self.show_preview()
        return opened

    def apply_modifiers(self, modifiers: ImageModifiers, image_format: str | None) -> None:
        self.controller.set_state(modifiers, image_format)

    def show_preview(self) -> None:
        self.shown.append("preview")

    def show_video(self) -> None:
        self.shown.append("video")

    def show_tab(self, widget: QWidget) -> None:
        self.shown.append(widget.objectName())

    def set_tab_title(self, widget: QWidget, title: str) -> None:
        self.titles[id(widget)] = title


@dataclass
class FeatureHarness:
    """The context a feature receives, and the parts behind it."""

    context: FeatureContext
    controller: PreviewController
    status: RecordedStatus
    navigation: Navigator
    host: QWidget

    def open(self, qtbot: QtBot, text: str) -> Preview:
        """Open `text` in the preview, as the asset bar would, and wait for the painted answer."""
        assert self.navigation.open_text(text)

        def painted() -> bool:
            preview = self.controller.last_preview
            return preview is not None and preview.url == self.controller.url and not self.controller.busy

        qtbot.waitUntil(painted, timeout=WAIT_MS)
        assert self.controller.last_preview is not None
        return self.controller.last_preview

    def close(self) -> None:
        self.controller.shutdown()
        self.context.runner.cancel_all()


def feature_harness(
    qtbot: QtBot, base_url: str, settings: WindowSettings, chooser: SaveChooser | None = None
) -> FeatureHarness:
    """A context over the emulator at `base_url` (no token), for one feature under test."""
    host = QWidget()
    qtbot.addWidget(host)
    service = DeliveryService(DeliveryEndpoints(base_url), StaticToken(None), profile_name="Test emulator")
    runner = OperationRunner(host)
    limiter = RequestLimiter()
    controller = PreviewController(service, runner, limiter, host)
    preview = PreviewModel(controller, host)
    controller.publish_to(preview)
    status = RecordedStatus()
    navigation = Navigator(controller, preview)
    context = FeatureContext(
        service, runner, limiter, settings, preview, status, navigation, host, chooser or SaveChooser()
    )
    return FeatureHarness(context, controller, status, navigation, host)
