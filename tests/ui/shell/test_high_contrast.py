"""The high-contrast palette: every text colour readable on its background, and the window in it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from aemviewer.ui.shell.high_contrast import apply_high_contrast, high_contrast_palette
from aemviewer.ui.shell.main_window import MainWindow
from tests.ui.helpers import DemoAssets, open_and_wait

_ROLE, _GROUP = QPalette.ColorRole, QPalette.ColorGroup
AAA = 7.0


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(color.redF())
            + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF())
        )

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_measure_tells_grey_on_grey_from_black_on_white() -> None:
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor(120, 120, 120), QColor(100, 100, 100)) < 2


@pytest.mark.parametrize(
    ("group", "text", "background"),
    [
        (_GROUP.Active, _ROLE.WindowText, _ROLE.Window),
        (_GROUP.Active, _ROLE.Text, _ROLE.Base),
        (_GROUP.Active, _ROLE.Text, _ROLE.AlternateBase),
        (_GROUP.Active, _ROLE.ButtonText, _ROLE.Button),
        (_GROUP.Active, _ROLE.HighlightedText, _ROLE.Highlight),
        (_GROUP.Active, _ROLE.ToolTipText, _ROLE.ToolTipBase),
        (_GROUP.Active, _ROLE.PlaceholderText, _ROLE.Base),
        (_GROUP.Active, _ROLE.Link, _ROLE.Base),
        (_GROUP.Disabled, _ROLE.WindowText, _ROLE.Window),
        (_GROUP.Disabled, _ROLE.Text, _ROLE.Base),
        (_GROUP.Disabled, _ROLE.ButtonText, _ROLE.Button),
    ],
)
def test_every_text_reads_at_seven_to_one(group: QPalette.ColorGroup, text: QPalette.ColorRole,
                                          background: QPalette.ColorRole) -> None:  # fmt: skip
    palette = high_contrast_palette()

    assert contrast(palette.color(group, text), palette.color(group, background)) >= AAA


@pytest.fixture
def high_contrast(qapp: QApplication) -> Iterator[None]:
    palette, style = qapp.palette(), qapp.styleSheet()
    apply_high_contrast(qapp)
    yield
    qapp.setStyleSheet(style)
    qapp.setPalette(palette)


@pytest.mark.usefixtures("high_contrast")
def test_the_window_in_high_contrast(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets, tmp_path: Path
) -> None:
    open_and_wait(qtbot, window, demo_assets.with_smart_crops.id)
    # The live palette reaches the window's widgets (no widget keeps a palette of its own).
    assert window.asset_bar.field.palette().color(_ROLE.Base) == QColor("black")
    assert window.modifier_panel.palette().color(_ROLE.WindowText) == QColor("white")
    folder = Path(os.environ.get("AEMVIEWER_SCREENSHOTS", tmp_path))
    shot = folder / "preview-1280x800-high-contrast.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 0
