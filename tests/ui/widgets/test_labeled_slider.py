"""The labeled slider shows its value beside it; slider and field move together, one signal each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from aemviewer.ui.widgets.labeled_slider import LabeledSlider


def slider(qtbot: QtBot) -> LabeledSlider:
    widget = LabeledSlider(Qt.Orientation.Horizontal)
    qtbot.addWidget(widget)
    widget.setRange(0, 254)
    widget.setValue(16)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_value_is_shown_beside_the_slider(qtbot: QtBot) -> None:
    widget = slider(qtbot)
    assert widget.value() == widget.slider.value() == 16
    assert widget.value_box.text() == "16"
    assert (widget.value_box.minimum(), widget.value_box.maximum()) == (0, 254)
    assert widget.value_box.x() > widget.slider.x()
    assert widget.value_box.width() >= widget.value_box.fontMetrics().horizontalAdvance("254")


def test_moving_the_slider_updates_the_field_and_emits_once(qtbot: QtBot) -> None:
    widget = slider(qtbot)
    seen: list[int] = []
    widget.valueChanged.connect(seen.append)

    widget.slider.setFocus()
    qtbot.keyClick(widget.slider, Qt.Key.Key_Right)
    assert seen == [17] and widget.value_box.text() == "17"
    widget.setValue(200)
    assert seen == [17, 200] and widget.value_box.text() == "200"


def test_a_typed_value_moves_the_slider(qtbot: QtBot) -> None:
    widget = slider(qtbot)
    field = widget.value_box
    field.setFocus()
    field.selectAll()
    with qtbot.waitSignal(widget.valueChanged) as changed:
        qtbot.keyClicks(field, "40")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert changed.args == [40]
    assert widget.value() == widget.slider.value() == 40


def test_values_out_of_range_are_clamped(qtbot: QtBot) -> None:
    widget = slider(qtbot)
    widget.setValue(999)
    assert widget.value() == 254 and widget.value_box.text() == "254"
    widget.setRange(10, 100)
    assert widget.value() == 100 and widget.value_box.value() == 100
    assert (widget.minimum(), widget.maximum()) == (10, 100)


def test_tooltip_and_name_reach_both_parts(qtbot: QtBot) -> None:
    widget = slider(qtbot)
    widget.setToolTip("Pixels above this are shown white")
    widget.setAccessibleName("Threshold")
    for part in (widget.slider, widget.value_box):
        assert part.toolTip() == "Pixels above this are shown white"
        assert part.accessibleName() == "Threshold"
