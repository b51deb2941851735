"""The response panel: what the server delivered for the painted preview, Postman style.

A summary (URL, status, type, bytes, pixels, timings, cache headers) above tables of every response
and request header. It shows one `ResponseSummary`, a plain value built from a `Delivery`; the
panel itself sends nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer.api_spec import IGNORED_PARAMETERS, IGNORED_PARAMETERS_HEADER, KNOWN_PARAMETERS
from aemviewer.delivery.byte_counts import full_bytes, short_bytes
from aemviewer.delivery.delivery import Delivery
from aemviewer.delivery.media_type import bare_media_type
from aemviewer.ui.common.units import format_seconds
from aemviewer.ui.widgets.accessibility import name_widget
from aemviewer.ui.widgets.eliding_label import ElidingLabel
from aemviewer.ui.widgets.fonts import monospace_font
from aemviewer.ui.widgets.header_table import HeaderTableModel
from aemviewer.ui.widgets.plain_text import make_plain, plain_tooltip

CACHE_HEADERS = ("ETag", "Cache-Control", "Vary", "Age")
_WRAPPED = ("Status", "Bytes", "Timing")
"""Rows that wrap; the others are single values that elide, with the whole value as tooltip."""
_ZERO_WIDTH_SPACE = "\u200b"
_LAYER_PARAMETER = re.compile(r"[\w-]+\[[^\]]*\]")


def breakable(text: str) -> str:
    """`text` with break opportunities after URL punctuation, for labels that must wrap long ids."""
    for mark in "/:-,&?=":
        text = text.replace(mark, mark + _ZERO_WIDTH_SPACE)
    return text


@dataclass(frozen=True)
class ResponseSummary:
    """Everything the panel shows about one answer, already in the user's words."""

    url: str
    status: int
    reason: str
    content_type: str
    requested_type: str | None
    """The media type the path's format asks for; None for the image-with-defaults endpoint."""
    accept: str | None
    byte_count: int
    original_bytes: int | None
    pixel_size: tuple[int, int] | None
    ttfb: float | None
    total: float | None
    revalidated: bool
    headers: tuple[tuple[str, str], ...]
    request_headers: tuple[tuple[str, str], ...]

    @classmethod
    def from_delivery(
        cls,
        url: str,
        delivery: Delivery,
        *,
        pixel_size: tuple[int, int] | None,
        requested_type: str | None,
        original_bytes: int | None,
    ) -> ResponseSummary:
        """The summary of one answer; `url` is the URL as requested."""
        return cls(
            url=url,
            status=delivery.status,
            reason=delivery.reason,
            content_type=delivery.content_type,
            requested_type=requested_type,
            accept=next((value for key, value in delivery.request_headers if key.lower() == "accept"), None),
            byte_count=delivery.byte_count,
            original_bytes=original_bytes,
            pixel_size=pixel_size,
            ttfb=delivery.timings.time_to_first_byte,
            total=delivery.timings.total,
            revalidated=delivery.revalidated,
            headers=delivery.headers,
            request_headers=delivery.request_headers,
        )

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    @property
    def parameter_note(self) -> str:
        """Query parameters that were not applied: as the server reported them (the emulator does),
        else those the API does not name, so that a typo such as `widht` is seen although the
        image is served. '' when there are none."""
        reported = self.header(IGNORED_PARAMETERS_HEADER)
        if reported:
            return f"The server ignored: {reported} (served without them; check for typos)."
        names = (name for name, _ in parse_qsl(urlsplit(self.url).query, keep_blank_values=True))
        unknown = [
            name
            for name in dict.fromkeys(names)
            if name
            and name not in KNOWN_PARAMETERS
            and name not in IGNORED_PARAMETERS
            and not _LAYER_PARAMETER.fullmatch(name)
        ]
        if not unknown:
            return ""
        return (
            f"Not parameters of the Delivery API: {', '.join(unknown)} (a CDN ignores them; check for typos)."
        )

    @property
    def type_note(self) -> str:
        """Why the delivered type differs from the requested format, or ''."""
        delivered = bare_media_type(self.content_type)
        if self.requested_type is None or not delivered or delivered == self.requested_type:
            return ""
        accept = f" The request sent Accept: {self.accept}." if self.accept else ""
        return (
            f"The path asks for {self.requested_type}; the server delivered {delivered} "
            f"(auto-format chooses from Accept).{accept}"
        )


def _value_label(wrap: bool) -> QLabel:
    label = make_plain(QLabel("—") if wrap else ElidingLabel("—"))
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def _header_table(model: HeaderTableModel, name: str) -> QTableView:
    table = QTableView()
    name_widget(table, name, f"{name}: name and value, one row each")
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setHorizontalScrollMode(QTableView.ScrollMode.ScrollPerPixel)
    return table


class ResponsePanel(QWidget):
    """Summary and header tables of the delivered answer; copy URL and copy as curl."""

    copy_url_requested = Signal()
    save_checks_requested = Signal()
    """"Save as checks…": the window turns the painted answer into expectations."""
    copy_curl_requested = Signal(bool)
    """True: with the token (the user asked for it); False: token redacted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("responsePanel")
        self.summary: ResponseSummary | None = None
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        self.status_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_badge.hide()
        self.url_field = QLineEdit()
        self.url_field.setReadOnly(True)
        self.url_field.setAccessibleName("Delivered URL")
        self.url_field.setPlaceholderText("No response yet")
        self.url_field.setFont(monospace_font(0.92))
        self.values: dict[str, QLabel] = {}
        self.type_note = make_plain(QLabel())
        self.type_note.setObjectName("typeNote")
        self.type_note.setWordWrap(True)
        self.type_note.setStyleSheet("QLabel#typeNote { color: rgb(219, 145, 20); }")
        self.type_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.type_note.hide()
        self.response_headers = HeaderTableModel(self)
        self.request_headers = HeaderTableModel(self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(_header_table(self.response_headers, "Response headers"), "Response headers")
        self.tabs.addTab(_header_table(self.request_headers, "Request headers"), "Request headers")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addLayout(self._title_row())
        layout.addWidget(self.url_field)
        layout.addLayout(self._copy_buttons())
        layout.addLayout(self._value_form())
        layout.addWidget(self.type_note)
        layout.addWidget(self.tabs, 1)
        self.setMinimumWidth(280)  # beside the modifiers and the picture in a 1024-pixel window

    def _title_row(self) -> QHBoxLayout:
        title = QLabel("Response")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        row = QHBoxLayout()
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(self.status_badge)
        return row

    def _copy_buttons(self) -> QHBoxLayout:
        copy_url = QPushButton("Copy URL")
        copy_url.setToolTip("Copy the request URL (Ctrl+Shift+C)")
        copy_url.clicked.connect(self.copy_url_requested)
        self.curl_button = QToolButton()
        self.curl_button.setText("Copy as curl")
        self.curl_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.curl_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.curl_button.setToolTip("Copy a curl command for this request; the token is shown as ••••")
        self.curl_button.clicked.connect(lambda: self.copy_curl_requested.emit(False))
        curl_menu = QMenu(self.curl_button)
        curl_menu.addAction("Copy as curl (token redacted)", lambda: self.copy_curl_requested.emit(False))
        self.curl_with_token = curl_menu.addAction(
            "Copy as curl with the token", lambda: self.copy_curl_requested.emit(True)
        )
        self.curl_button.setMenu(curl_menu)
        self.checks_button = QPushButton("Save as checks…")
        self.checks_button.setToolTip(
            "Save this answer's pixel size, cache headers and a byte budget as checks"
        )
        self.checks_button.clicked.connect(self.save_checks_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(copy_url)
        buttons.addWidget(self.curl_button)
        buttons.addWidget(self.checks_button)
        buttons.addStretch(1)
        return buttons

    def _value_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(5)
        for name in ("Status", "Content type", "Bytes", "Pixels", "Timing", *CACHE_HEADERS):
            label = _value_label(name in _WRAPPED)
            self.values[name] = label
            form.addRow(f"{name}", label)
        return form

    def set_token_available(self, available: bool) -> None:
        self.curl_with_token.setEnabled(available)
        self.curl_with_token.setText(
            "Copy as curl with the token" if available else "Copy as curl with the token (no token set)"
        )

    def clear(self) -> None:
        self.summary = None
        self.url_field.clear()
        self.status_badge.hide()
        for label in self.values.values():
            self._set_value(label, "—")
        self.type_note.hide()
        self.response_headers.set_headers(())
        self.request_headers.set_headers(())
        self.tabs.setTabText(0, "Response headers")
        self.tabs.setTabText(1, "Request headers")

    def show_loading(self, asset_id: str) -> None:
        """Another asset is on its way: nothing of the last answer stays up meanwhile."""
        self.clear()
        self.url_field.setPlaceholderText(f"Loading {asset_id}…")

    def _set_value(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setToolTip(plain_tooltip(text) if text != "—" else "")

    def show_failure(
        self,
        url: str,
        status: int | None,
        detail: str,
        *,
        response_headers: tuple[tuple[str, str], ...] = (),
        request_headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """The newest request failed: its URL, status and the headers exchanged (credentials
        redacted); nothing of an older answer stays up."""
        self.clear()
        self._show_headers(response_headers, request_headers)
        self.url_field.setText(url)
        self.url_field.setCursorPosition(0)
        self.url_field.setToolTip(plain_tooltip(url))
        if status is not None:
            try:
                reason = HTTPStatus(status).phrase
            except ValueError:
                reason = ""
            text = f"{status} {reason}".strip()
        else:
            text = "no answer"
        self._set_badge(text, ok=False)
        self._set_value(self.values["Status"], text)
        if detail:
            # Server details name ids and URLs: let them break anywhere rather than run off the panel.
            self.type_note.setText(breakable(detail))
            self.type_note.setStyleSheet("QLabel#typeNote { color: rgb(214, 57, 57); }")
            self.type_note.show()

    def _set_badge(self, text: str, *, ok: bool) -> None:
        color = "46, 160, 67" if ok else "214, 57, 57"
        # The mark says it without the colour (colour-blind users, a grey-scale print).
        self.status_badge.setText(f" {'✓' if ok else '✗'} {text} ")
        self.status_badge.setStyleSheet(
            f"QLabel#statusBadge {{ background: rgba({color}, 40); border: 1px solid rgba({color}, 170);"
            " border-radius: 4px; padding: 1px 6px; font-weight: 600; }"
        )
        self.status_badge.show()

    def show_summary(self, summary: ResponseSummary) -> None:
        self.summary = summary
        self.url_field.setPlaceholderText("No response yet")
        self.url_field.setText(summary.url)
        self.url_field.setCursorPosition(0)
        self.url_field.setToolTip(plain_tooltip(summary.url))
        self._set_badge(f"{summary.status} {summary.reason}", ok=200 <= summary.status < 400)
        status = f"{summary.status} {summary.reason}"
        if summary.revalidated:
            status += " · revalidated (304: the stored body was reused)"
        self._set_value(self.values["Status"], status)
        self._set_value(self.values["Content type"], summary.content_type or "—")
        note = "\n".join(text for text in (summary.type_note, summary.parameter_note) if text)
        self.type_note.setStyleSheet("QLabel#typeNote { color: rgb(219, 145, 20); }")
        self.type_note.setText(breakable(f"⚠ {note}") if note else "")
        self.type_note.setVisible(bool(note))
        size = full_bytes(summary.byte_count)
        if summary.original_bytes:
            ratio = summary.byte_count / summary.original_bytes * 100
            size += f"\n{ratio:.1f} % of the original ({short_bytes(summary.original_bytes)})"
        self._set_value(self.values["Bytes"], size)
        pixels = summary.pixel_size
        self._set_value(self.values["Pixels"], f"{pixels[0]} × {pixels[1]}" if pixels else "—")
        timing = f"first byte {format_seconds(summary.ttfb)} · total {format_seconds(summary.total)}"
        self._set_value(self.values["Timing"], timing)
        for name in CACHE_HEADERS:
            self._set_value(self.values[name], summary.header(name) or "—")
        self._show_headers(summary.headers, summary.request_headers)

    def _show_headers(
        self, response_headers: tuple[tuple[str, str], ...], request_headers: tuple[tuple[str, str], ...]
    ) -> None:
        self.response_headers.set_headers(response_headers)
        self.request_headers.set_headers(request_headers)
        self.tabs.setTabText(0, f"Response headers ({len(response_headers)})")
        self.tabs.setTabText(1, f"Request headers ({len(request_headers)})")
