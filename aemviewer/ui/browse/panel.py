"""The Browse tab: search the profile's host (`POST …/search`) and see the results as a grid.

Text, type, format, one metadata field = value, and a sort order make the query. The library (an empty
query) is searched when the tab is first shown, so it is never blank; the first page comes at once; scrolling near the end loads the next by its cursor (and pages keep coming while
the grid does not fill the view). Thumbnails are fetched from the image endpoint at a small width
when their card is drawn, at most a few at a time. Double-click or Enter opens a result.
"""

from __future__ import annotations

from html import escape
from typing import Protocol

from PySide6.QtCore import QModelIndex, QSize, QTimer, Signal
from PySide6.QtGui import QImage, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aemviewer.delivery.endpoints import seo_name_for
from aemviewer.delivery.errors import AuthRequired, DeliveryError
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.delivery.search import SearchPage
from aemviewer.ui.browse.delegate import CARD, CardDelegate
from aemviewer.ui.browse.model import HIT_ROLE, BrowseModel, ThumbnailCache
from aemviewer.ui.browse.query import (
    FIELD_SUGGESTIONS,
    FORMAT_CHOICES,
    KIND_CHOICES,
    SORT_CHOICES,
    BrowseQuery,
    HitSummary,
    MediaKind,
    SortField,
)
from aemviewer.ui.common.error_messages import message_and_hint
from aemviewer.ui.common.image_decoding import decode
from aemviewer.ui.common.operations import OperationRunner
from aemviewer.ui.common.request_limiter import RequestLimiter
from aemviewer.ui.common.service import DeliveryService
from aemviewer.ui.widgets.accessibility import name_widget
from aemviewer.ui.widgets.banner import Banner, BannerKind
from aemviewer.workspace.profiles import Profile

PAGE_KEY = "browse:page"
THUMBNAIL_WIDTH = 256
"""Pixels asked of the image endpoint for a card (about twice the card's box, for sharp HiDPI)."""
THUMBNAIL_ACCEPT = "image/webp,image/jpeg;q=0.9,image/png;q=0.8"
THUMBNAILS_LINE = "browse-thumbnails"
DEFAULT_PAGE_SIZE = 24
NEAR_END_PIXELS = 48


class ActiveProfile(Protocol):
    """The profile searched: its service and settings (the profiles controller)."""

    @property
    def service(self) -> DeliveryService: ...
    @property
    def current(self) -> Profile: ...


class BrowsePanel(QWidget):
    """Search form, message banner, status line and the result grid."""

    open_requested = Signal(object)
    """The `HitSummary` the user opened."""
    edit_profile_requested = Signal()

    def __init__(
        self,
        profiles: ActiveProfile,
        runner: OperationRunner,
        limiter: RequestLimiter,
        parent: QWidget | None = None,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("browsePanel")
        self.profiles = profiles
        self.runner = runner
        self.page_size = page_size
        self.query: BrowseQuery | None = None
        self.next_cursor: str | None = None
        self.total: int | None = None
        self.pages_loaded = 0
        self.loading = False
        self.limiter = limiter
        self._thumbnails = runner.ticket(THUMBNAILS_LINE)
        """The thumbnails of the profile's results: switching profiles starts a new turn."""
        self.model = BrowseModel(ThumbnailCache())
        self.model.thumbnail_wanted.connect(self._fetch_thumbnail)
        self._build()
        self.profile_changed()

    # --- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        first, second = self._search_rows()
        self.banner = Banner()
        self.status_label = QLabel()
        self.status_label.setObjectName("browseStatus")
        self._build_view()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.setSpacing(6)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.banner)
        layout.addWidget(self.status_label)
        layout.addWidget(self.view, 1)

    def _search_rows(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("browseText")
        self.text_edit.setPlaceholderText("Search titles, descriptions, keywords, file names…")
        self.text_edit.setClearButtonEnabled(True)
        name_widget(
            self.text_edit,
            "Search text",
            "Words searched in titles, descriptions, keywords and file names (Enter searches)",
        )
        self.text_edit.returnPressed.connect(self.search)
        self.search_button = QPushButton("Search")
        self.search_button.setDefault(True)
        self.search_button.setToolTip("Search the assets with these words and filters")
        self.search_button.clicked.connect(self.search)
        self.kind_combo = QComboBox()
        for kind, label in KIND_CHOICES:
            self.kind_combo.addItem(label, kind)
        name_widget(self.kind_combo, "Type", "Only assets of this type")
        self.format_combo = QComboBox()
        for media_type, label in FORMAT_CHOICES:
            self.format_combo.addItem(label, media_type)
        name_widget(self.format_combo, "Format", "Only assets of this file format")
        self.field_combo = QComboBox()
        self.field_combo.setEditable(True)
        self.field_combo.addItems(["", *FIELD_SUGGESTIONS])
        field_line = self.field_combo.lineEdit()
        if field_line is not None:
            field_line.setPlaceholderText("metadata field")
        self.field_combo.setMinimumContentsLength(12)
        name_widget(self.field_combo, "Where field", "A metadata field that must have the value beside it")
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("value")
        name_widget(self.value_edit, "Where value", "The value the metadata field must have")
        self.value_edit.returnPressed.connect(self.search)
        self.sort_combo = QComboBox()
        for field, label in SORT_CHOICES:
            self.sort_combo.addItem(label, field)
        name_widget(self.sort_combo, "Sort by", "The order of the results")
        self.direction_button = QToolButton()
        self.direction_button.setCheckable(True)
        self.direction_button.setToolTip("Ascending / descending")
        self.direction_button.toggled.connect(self._direction_toggled)
        self._direction_toggled(False)

        first = QHBoxLayout()
        first.addWidget(self.text_edit, 1)
        first.addWidget(self.search_button)
        second = QHBoxLayout()
        second.addWidget(QLabel("Type"))
        second.addWidget(self.kind_combo)
        second.addWidget(self.format_combo)
        second.addSpacing(12)
        second.addWidget(QLabel("Where"))
        second.addWidget(self.field_combo)
        second.addWidget(QLabel("="))
        second.addWidget(self.value_edit, 1)
        second.addSpacing(12)
        second.addWidget(QLabel("Sort"))
        second.addWidget(self.sort_combo)
        second.addWidget(self.direction_button)
        return first, second

    def _build_view(self) -> None:
        self.view = QListView()
        self.view.setObjectName("browseResults")
        name_widget(
            self.view, "Search results", "The assets found; Enter or double-click opens one in the preview"
        )
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setGridSize(QSize(CARD.width() + 8, CARD.height() + 8))
        self.view.setSpacing(0)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setMouseTracking(True)
        self.view.setItemDelegate(CardDelegate(self.view))
        self.view.setModel(self.model)
        self.view.activated.connect(self._activated)
        self.view.verticalScrollBar().valueChanged.connect(lambda _value: self._maybe_load_more())
        self.view.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self._maybe_load_more())

    def _direction_toggled(self, descending: bool) -> None:
        self.direction_button.setText("↓" if descending else "↑")

    # --- the query -----------------------------------------------------------------------------

    def current_query(self) -> BrowseQuery:
        return BrowseQuery(
            text=self.text_edit.text(),
            kind=MediaKind(self.kind_combo.currentData()),
            media_type=self.format_combo.currentData() or "",
            field=self.field_combo.currentText(),
            value=self.value_edit.text(),
            sort=SortField(self.sort_combo.currentData()),
            descending=self.direction_button.isChecked(),
        )

    def missing_for_search(self) -> list[str]:
        """What the active profile lacks for search: 'a token', 'an API key'."""
        missing = []
        if not self.profiles.service.has_token():
            missing.append("a token")
        if not self.profiles.current.api_key:
            missing.append("an API key")
        return missing

    def search(self) -> None:
        """Start a new search with the controls' values (the first page)."""
        try:
            query = self.current_query()
            query.clauses()
        except DeliveryError as error:
            self._show_message(BannerKind.WARNING, "Not searched", message_and_hint(error))
            return
        if self._explain_missing():
            return
        self.banner.dismiss()
        self.query = query
        self.next_cursor = None
        self.total = None
        self.pages_loaded = 0
        self.model.reset(self.profiles.service.endpoints.base_url)
        self._load_page()

    def load_more(self) -> bool:
        """Load the next page, if there is one and none is on its way; True when one was asked for."""
        if self.loading or self.query is None or self.next_cursor is None:
            return False
        self._load_page()
        return True

    def profile_changed(self) -> None:
        """The window switched profiles: the results belonged to the old host."""
        self.runner.cancel(PAGE_KEY)
        self.loading = False
        self.query = None
        self.next_cursor = None
        self.total = None
        self.pages_loaded = 0
        # Thumbnails still on their way come from the old host: never shown.
        self._thumbnails = self.runner.ticket(THUMBNAILS_LINE)
        self.model.reset(self.profiles.service.endpoints.base_url)
        self.banner.dismiss()
        if not self._explain_missing():
            self.status_label.setText(
                f"Search {escape(self.profiles.current.name)}: type words and press Enter."
            )
            if self.isVisible():
                self.search()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the tab is seen (and after a profile switch), show the whole library."""
        super().showEvent(event)
        if self.query is None and not self.loading and not self.missing_for_search():
            self.search()

    # --- pages ---------------------------------------------------------------------------------

    def _load_page(self) -> None:
        assert self.query is not None
        self.loading = True
        body = self.query.body(self.page_size, self.next_cursor)
        self.status_label.setText("Searching…" if self.next_cursor is None else self._counts("Loading more…"))
        self.runner.run(
            self.profiles.service.search(body, self.profiles.current.api_key),
            ticket=self.runner.ticket(PAGE_KEY),
            on_success=self._page_arrived,
            on_failure=self._page_failed,
        )

    def _page_arrived(self, page: SearchPage) -> None:
        self.loading = False
        self.pages_loaded += 1
        self.next_cursor = page.cursor
        self.total = page.total
        self.model.append([HitSummary.from_hit(hit) for hit in page.hits])
        if self.model.rowCount() == 0:
            self.status_label.setText("Nothing found. Fewer words or filters find more.")
        else:
            self.status_label.setText(self._counts())
        # Without a scroll bar nobody can scroll to the end: keep loading until the view is full.
        QTimer.singleShot(0, self._fill_view)

    def _page_failed(self, error: DeliveryError) -> None:
        self.loading = False
        if isinstance(error, AuthRequired):
            self._show_message(
                BannerKind.ERROR,
                f"Search was refused ({error.status})",
                f"{escape(error.detail or error.message)}<br>Search needs a valid IMS token and the API key "
                f"(client id) of profile “{escape(self.profiles.current.name)}”.",
                edit=True,
            )
        else:
            self._show_message(BannerKind.ERROR, "Search failed", message_and_hint(error))
        self.status_label.setText(self._counts() if self.model.rowCount() else "")

    def _fill_view(self) -> None:
        # The list lays out its items lazily; the scroll range is right only after the layout.
        self.view.doItemsLayout()
        self._maybe_load_more()

    def _maybe_load_more(self) -> None:
        bar = self.view.verticalScrollBar()
        # Within a few pixels of the end (a grid overflowing by less counts as full: keep loading).
        near_end = bar.value() >= bar.maximum() - NEAR_END_PIXELS
        if near_end and self.isVisible():
            self.load_more()

    def _counts(self, suffix: str = "") -> str:
        shown = self.model.rowCount()
        total = f" of {self.total}" if self.total is not None else ""
        more = f" · {suffix}" if suffix else ("" if self.next_cursor is None else " · scroll for more")
        return f"{shown}{total} assets{more}"

    # --- thumbnails ----------------------------------------------------------------------------

    def _fetch_thumbnail(self, hit: HitSummary) -> None:
        self.runner.run(
            self._thumbnail(hit),
            ticket=self._thumbnails,
            on_success=lambda image: self.model.set_thumbnail(hit.asset_id, image),
            on_failure=lambda _error: self.model.set_failed(hit.asset_id),
        )

    async def _thumbnail(self, hit: HitSummary) -> QImage:
        service = self.profiles.service
        endpoints = service.endpoints
        url = endpoints.image(
            hit.asset_id,
            ImageModifiers(width=THUMBNAIL_WIDTH),
            format="jpg",
            seo_name=seo_name_for(hit.file_name or None),
        )
        async with self.limiter.slot(endpoints.base_url):
            delivery = await service.fetch(endpoints, url, accept=THUMBNAIL_ACCEPT)
        return await decode(delivery.body, delivery.content_type)

    # --- opening and messages ------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, HitSummary):
            self.open_requested.emit(hit)

    def open_row(self, row: int) -> None:
        """Open the result in `row`, as a double-click does."""
        self._activated(self.model.index(row))

    def _explain_missing(self) -> bool:
        missing = self.missing_for_search()
        if not missing:
            return False
        self._show_message(
            BannerKind.INFO,
            f"Search needs {' and '.join(missing)}",
            f"The search endpoint answers only requests with an IMS token and an API key (the client id "
            f"of your Adobe Developer Console project). Profile “{escape(self.profiles.current.name)}” has "
            f"{'no ' + ' and no '.join(part.split(' ', 1)[1] for part in missing)}. Add them to the profile "
            "and search again; opening assets by id works without them.",
            edit=True,
        )
        self.status_label.clear()
        return True

    def _show_message(self, kind: BannerKind, title: str, message: str, *, edit: bool = False) -> None:
        actions = [("Edit profile…", self.edit_profile_requested.emit)] if edit else []
        self.banner.show_message(kind, title, message, actions)
