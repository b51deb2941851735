"""The eliding label paints "…" when narrow and keeps the whole text; it never holds a layout open."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget
from pytestqt.qtbot import QtBot

from aemviewer.ui.widgets.eliding_label import ELLIPSIS, ElidingLabel

URL = "https://delivery.example/adobe/assets/urn:aaid:aem:1234/as/sunset-over-the-harbour.jpg?width=800"


def shown(qtbot: QtBot, label: ElidingLabel, width: int) -> ElidingLabel:
    qtbot.addWidget(label)
    label.resize(width, label.sizeHint().height())
    label.show()
    qtbot.waitExposed(label)
    return label


def test_a_narrow_label_elides_at_the_right_and_keeps_the_whole_text(qtbot: QtBot) -> None:
    label = shown(qtbot, ElidingLabel(URL), 120)

    painted = label.elidedText()
    assert painted.endswith(ELLIPSIS) and painted.startswith("https://")
    assert label.fontMetrics().horizontalAdvance(painted) <= label.contentsRect().width()
    assert label.text() == URL


def test_middle_elision_keeps_both_ends(qtbot: QtBot) -> None:
    label = shown(qtbot, ElidingLabel(URL, mode=Qt.TextElideMode.ElideMiddle), 160)

    painted = label.elidedText()
    head, tail = painted.split(ELLIPSIS)
    assert URL.startswith(head) and URL.endswith(tail) and head and tail
    assert label.elideMode() is Qt.TextElideMode.ElideMiddle


def test_widening_shows_the_whole_text_again(qtbot: QtBot) -> None:
    label = shown(qtbot, ElidingLabel(URL), 120)
    assert label.elidedText() != URL

    label.resize(label.sizeHint().width(), label.height())
    assert label.elidedText() == URL


def test_new_text_is_elided_to_the_current_width(qtbot: QtBot) -> None:
    label = shown(qtbot, ElidingLabel("—"), 120)
    assert label.elidedText() == "—"

    label.setText(URL)
    assert label.text() == URL and label.elidedText().endswith(ELLIPSIS)
    label.setElideMode(Qt.TextElideMode.ElideLeft)
    assert label.elidedText().startswith(ELLIPSIS)


def test_it_asks_for_its_whole_text_but_a_layout_can_squeeze_it(qtbot: QtBot) -> None:
    label = ElidingLabel(URL)
    whole = label.fontMetrics().horizontalAdvance(URL)
    assert label.sizeHint().width() >= whole
    assert label.minimumSizeHint().width() < whole // 10

    row = QWidget()
    qtbot.addWidget(row)
    layout = QHBoxLayout(row)
    layout.addWidget(label)
    row.resize(150, 40)
    row.show()
    qtbot.waitExposed(row)
    assert row.width() == 150 and label.width() < 150
    assert label.elidedText().endswith(ELLIPSIS)
    assert label.sizePolicy().horizontalPolicy() is QSizePolicy.Policy.Preferred


def test_markup_stays_text(qtbot: QtBot) -> None:
    label = shown(qtbot, ElidingLabel("<b>bold</b>"), 400)
    assert label.textFormat() is Qt.TextFormat.PlainText
    assert label.elidedText() == "<b>bold</b>"
