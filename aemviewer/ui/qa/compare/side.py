"""One side of the A/B compare: what it asks for (`SideSpec`), its compact editor, and the line of
facts under its picture.

A side is edited as one line: a query string (`width=800&quality=60`) applies to the asset open in
the preview and follows it when another asset is opened; a whole delivery URL or an asset id pins
the side to that asset (compare two assets). Format and `Accept` have their own combo boxes. The
text is checked with `ImageModifiers.from_query_string` / `parse_reference` as it is committed; an
invalid line is refused in place, with the parameter and its range, and nothing is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from aemviewer.api_spec import ALL_IMAGE_FORMATS
from aemviewer.delivery.byte_counts import full_bytes
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.endpoints import DeliveryEndpoints
from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.reference import AssetRef, Operation, parse_reference
from aemviewer.qa.format_matrix import ACCEPT_PROFILES
from aemviewer.ui.common.accept import ACCEPT_CHOICES
from aemviewer.ui.common.preview_state import PreviewState
from aemviewer.ui.common.units import format_seconds
from aemviewer.ui.widgets.eliding_label import ElidingLabel

_DEFAULTS = "none"
"""The format choice for `/{id}`, the image with the API's defaults."""


def accept_choices() -> list[tuple[str, str]]:
    """(label, header) for the Accept combo: the preview's choices, then the format matrix's client
    profiles, each header once."""
    seen: dict[str, str] = {}
    for label, header in ACCEPT_CHOICES:
        if header is not None:
            seen.setdefault(header, label)
    for profile in ACCEPT_PROFILES:
        seen.setdefault(profile.header, profile.label)
    return [(label, header) for header, label in seen.items()]


@dataclass(frozen=True)
class SideSpec:
    """What one side requests. `asset` is `None` while the side follows the preview's asset."""

    modifiers: ImageModifiers
    image_format: str | None
    accept: str | None
    asset: AssetRef | None = None

    @classmethod
    def from_preview(cls, state: PreviewState) -> SideSpec:
        return cls(state.modifiers, state.image_format, state.accept)

    def target(self, preview: PreviewState | None) -> AssetRef | None:
        """The asset this side shows: its own, else the preview's (with the preview's seoName)."""
        return self.asset if self.asset is not None else (preview.ref if preview is not None else None)

    def url(self, endpoints: DeliveryEndpoints, asset: AssetRef) -> str:
        """The request URL on `endpoints` (the host of `asset`)."""
        if self.image_format is None:
            return endpoints.default_image(asset, self.modifiers)
        seo_name = asset.seo_name if asset.operation is Operation.IMAGE else None
        return endpoints.image(asset, self.modifiers, format=self.image_format, seo_name=seo_name)

    def text(self, endpoints: DeliveryEndpoints | None) -> str:
        """The editor's line: the query string, or the whole URL for a side with its own asset."""
        if self.asset is not None and endpoints is not None:
            return self.url(endpoints, self.asset)
        return self.modifiers.to_query_string()


def parse_side_text(
    text: str, image_format: str | None
) -> tuple[AssetRef | None, ImageModifiers, str | None]:
    """(own asset or None, modifiers, format) from an editor line; raises `InvalidInput`.

    A line that starts like a URL or an asset id pins the side to that asset (its format too, when
    the URL has one); anything else is a query string for the preview's asset.
    """
    line = text.strip()
    lowered = line.lower()
    if lowered.startswith(("http://", "https://", "urn:", "urn%3a")):
        ref = parse_reference(line)
        own_format = ref.format if ref.operation is Operation.IMAGE and ref.format else image_format
        if ref.operation is Operation.DEFAULT_IMAGE:
            own_format = None
        return ref, ref.modifiers, own_format
    return None, ImageModifiers.from_query_string(line), image_format


@dataclass(frozen=True)
class SideResult:
    """What one side delivered, decoded."""

    url: str
    delivery: Delivery
    image: QImage


def _format_combo() -> QComboBox:
    combo = QComboBox()
    combo.setToolTip("The format in the path; none asks /{id}, the image with defaults")
    for image_format in ALL_IMAGE_FORMATS:
        combo.addItem(image_format, image_format)
    combo.addItem(_DEFAULTS, None)
    return combo


def _accept_combo() -> QComboBox:
    combo = QComboBox()
    combo.setToolTip("The Accept header this side is requested with")
    for label, header in accept_choices():
        combo.addItem(label, header)
        combo.setItemData(combo.count() - 1, header, Qt.ItemDataRole.ToolTipRole)
    return combo


class SideEditor(QWidget):
    """`[A] [query or URL] [format] [Accept] [From preview] [Copy URL]`, and an error line."""

    committed = Signal()
    """The user changed the side (a valid line entered, a format or Accept chosen)."""
    take_from_preview = Signal()
    copy_url = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"compareSide{name}")
        badge = QLabel(name)
        badge.setObjectName("compareBadge")
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.setFixedWidth(22)
        badge.setStyleSheet("font-weight: 600;")
        self.line = QLineEdit()
        self.line.setObjectName(f"compareQuery{name}")
        self.line.setClearButtonEnabled(True)
        self.line.setPlaceholderText("width=800&quality=60 — or a whole delivery URL / asset id")
        self.line.setToolTip(
            f"Side {name}: a query string for the asset open in the preview (it follows the preview "
            "when you open another asset), or a delivery URL or asset id to compare another asset. "
            "Enter applies it."
        )
        self.line.setAccessibleName(f"Side {name} query or URL")
        self.format_combo, self.accept_combo = _format_combo(), _accept_combo()
        self.from_preview_button = QToolButton()
        self.from_preview_button.setText("From preview")
        self.from_preview_button.setToolTip(f"Set side {name} to the preview's modifiers, format and Accept")
        self.copy_button = QToolButton()
        self.copy_button.setText("Copy URL")
        self.copy_button.setToolTip(f"Copy side {name}'s request URL")
        self.message = QLabel()
        self.message.setObjectName("compareSideMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #d63939;")
        self.message.hide()

        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(badge)
        row.addWidget(self.line, 1)
        row.addWidget(self.format_combo)
        row.addWidget(self.accept_combo)
        row.addWidget(self.from_preview_button)
        row.addWidget(self.copy_button)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        layout.addLayout(row, 0, 0)
        layout.addWidget(self.message, 1, 0)

        self._committed_text = ""
        self.line.returnPressed.connect(self._line_committed)
        self.line.editingFinished.connect(self._line_committed)
        self.format_combo.activated.connect(lambda _index: self.committed.emit())
        self.accept_combo.activated.connect(lambda _index: self.committed.emit())
        self.from_preview_button.clicked.connect(self.take_from_preview.emit)
        self.copy_button.clicked.connect(self.copy_url.emit)

    # --- values --------------------------------------------------------------------------------

    def image_format(self) -> str | None:
        data = self.format_combo.currentData()
        return data if isinstance(data, str) else None

    def accept(self) -> str | None:
        data = self.accept_combo.currentData()
        return data if isinstance(data, str) else None

    def read(self) -> SideSpec:
        """The side as edited; raises `InvalidInput` (shown by the caller) for an invalid line."""
        asset, modifiers, image_format = parse_side_text(self.line.text(), self.image_format())
        return SideSpec(modifiers, image_format, self.accept(), asset)

    def write(self, spec: SideSpec, endpoints: DeliveryEndpoints | None) -> None:
        """Show `spec` (emits nothing)."""
        text = spec.text(endpoints)
        self.line.setText(text)
        self._committed_text = text
        index = self.format_combo.findData(spec.image_format) if spec.image_format else -1
        self.format_combo.setCurrentIndex(index if index >= 0 else self.format_combo.count() - 1)
        if spec.accept is not None and self.accept_combo.findData(spec.accept) < 0:
            self.accept_combo.addItem(spec.accept, spec.accept)
        self.accept_combo.setCurrentIndex(max(0, self.accept_combo.findData(spec.accept)))
        self.show_error("")

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _line_committed(self) -> None:
        # returnPressed and editingFinished both fire on Enter: act once per changed line.
        if self.line.text() == self._committed_text:
            return
        self._committed_text = self.line.text()
        self.committed.emit()


class SideStats(QWidget):
    """Under a side's picture: its URL, then status, delivered type, bytes, pixel size and time."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.url_label = ElidingLabel("—", mode=Qt.TextElideMode.ElideMiddle)
        self.url_label.setObjectName(f"compareUrl{name}")
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.facts = QLabel("—")
        self.facts.setObjectName(f"compareFacts{name}")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.badge = badge = QLabel(f"<b>{name}</b>")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(1)
        layout.addWidget(badge, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.facts, 0, 1)
        layout.addWidget(self.url_label, 1, 1)
        layout.setColumnStretch(1, 1)

    def name_environment(self, environment: str | None) -> None:
        """Label the side with the profile it comes from (None: the active one)."""
        self.badge.setText(f"<b>{self.name}</b>" + (f"<br>{escape(environment)}" if environment else ""))

    def show_pending(self, url: str) -> None:
        self._set_url(url)
        self.facts.setText("loading…")

    def show_result(self, result: SideResult) -> None:
        delivery = result.delivery
        self._set_url(result.url)
        status = f"{delivery.status}" + (" (revalidated)" if delivery.revalidated else "")
        self.facts.setText(
            f"{status} · {delivery.media_type or 'no type'} · {full_bytes(delivery.byte_count)} · "
            f"{result.image.width()} × {result.image.height()} px · {format_seconds(delivery.timings.total)}"
        )

    def show_error(self, url: str, error: DeliveryError) -> None:
        self._set_url(url)
        self.facts.setText(f"failed: {error.message}")

    def clear(self) -> None:
        self._set_url("—")
        self.facts.setText("—")

    def _set_url(self, url: str) -> None:
        self.url_label.setText(url)
        self.url_label.setToolTip(url)


def byte_difference(a: int, b: int) -> str:
    """How B's size compares to A's: `B is 23.4 % smaller than A (−8,123 bytes)`."""
    if a == b:
        return "A and B have the same size"
    delta = b - a
    if a == 0:
        return f"B is {delta:,} bytes larger than A (A is empty)"
    percent = abs(delta) / a * 100
    word = "smaller" if delta < 0 else "larger"
    sign = "−" if delta < 0 else "+"
    return f"B is {percent:.1f} % {word} than A ({sign}{abs(delta):,} bytes)"
