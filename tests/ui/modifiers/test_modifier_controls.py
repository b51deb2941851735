"""Every catalogue entry has a control in the panel, placed in its section, that shows and gives
back any value the entry accepts, and resets to "not sent"."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from aemviewer.delivery.modifier_catalogue import CATALOGUE
from aemviewer.delivery.modifier_spec import ModifierSpec
from aemviewer.delivery.modifiers import ImageModifiers
from aemviewer.ui.modifiers.panel import ModifierPanel
from tests.support.modifiers import example_values
from tests.ui.helpers import choose

CASES = [(spec, value) for spec in CATALOGUE for value in example_values(spec)]


@pytest.fixture
def panel(qtbot: QtBot) -> ModifierPanel:
    panel = ModifierPanel()
    qtbot.addWidget(panel)
    return panel


@pytest.mark.parametrize("spec", CATALOGUE, ids=[spec.query for spec in CATALOGUE])
def test_every_entry_has_a_control_in_its_section(panel: ModifierPanel, spec: ModifierSpec) -> None:
    rows = panel.rows.fields[spec.field].rows
    assert rows, f"{spec.field} has no control"
    section = panel.sections[spec.section]
    for row in rows:
        assert row.name == spec.query
        assert row.label.text().startswith(spec.label)
        assert section.isAncestorOf(row.label), f"{spec.label} is not in the {spec.section} section"
        assert all(section.isAncestorOf(editor) for editor in row.editors)
        assert spec.query in row.label.toolTip()


@pytest.mark.parametrize(("spec", "value"), CASES, ids=[f"{spec.query}={value}" for spec, value in CASES])
def test_every_entry_shows_and_gives_back_its_value(
    panel: ModifierPanel, spec: ModifierSpec, value: Any
) -> None:
    modifiers = ImageModifiers(**{spec.field: value})
    panel.set_state(modifiers, "jpg")
    assert panel.rows.read() == modifiers
    rows = panel.rows.fields[spec.field].rows
    assert all(row.reset_button.isEnabled() for row in rows)
    for row in rows:
        row.reset_button.click()
    assert panel.modifiers() == ImageModifiers()
    assert panel.rows.read() == ImageModifiers()


def test_the_catalogues_rules_mark_the_controls_they_concern(panel: ModifierPanel) -> None:
    quality = panel.rows.control("quality")
    panel.set_state(ImageModifiers(quality=80, auto_format=False), "png")
    assert quality.label.text().endswith("⚠")
    assert "png is lossless" in quality.spin.toolTip()
    choose(panel.rows.format, "jpg")  # the rule depends on the path's format, not on a modifier
    assert not quality.label.text().endswith("⚠")
    assert "lossless" not in quality.spin.toolTip()

    preferwebp = panel.rows.control("preferwebp")
    choose(preferwebp, "true")
    assert preferwebp.note == "", "auto-format=false is still set: preferwebp applies"
    choose(panel.rows.control("auto_format"), None)
    assert "preferwebp matters when auto-format=false" in preferwebp.label.toolTip()
    assert panel.modifiers() == ImageModifiers(quality=80, preferwebp=True)
