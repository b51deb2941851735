"""File → Export report… in the real window over the emulator: sections ticked, file written."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from pytestqt.qtbot import QtBot

from aemviewer.handoff.report import ReportSection
from aemviewer.ui.handoff.report_dialog import ReportDialog
from aemviewer.ui.shell.main_window import MainWindow
from tests.ui.accessibility_support import unnamed_interactive_elements
from tests.ui.helpers import WAIT_MS, DemoAssets, SaveChooser, open_and_wait


class Page(HTMLParser):
    """The section ids and every reference a browser would follow."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section" and values.get("id"):
            self.sections.append(values["id"] or "")
        for name in ("src", "href", "srcset"):
            if values.get(name):
                self.references.append(values[name] or "")


def open_dialog(window: MainWindow) -> ReportDialog:
    window.handoff.report_action.trigger()
    dialog = window.handoff.dialog
    assert isinstance(dialog, ReportDialog)
    return dialog


def test_the_ticked_sections_are_written_self_contained(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    asset = demo_assets.with_smart_crops
    preview = open_and_wait(qtbot, window, asset.id)
    dialog = open_dialog(window)
    assert unnamed_interactive_elements(dialog) == []
    dialog.boxes[ReportSection.FORMATS].setChecked(False)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.html"
    target.write_text("old")  # the file dialog asked before replacing it
    save_chooser.path = target

    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.written == target, timeout=WAIT_MS)

    html = target.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    assert page.sections == ["metadata", "preview", "smart-crops", "video", "history"]
    assert page.references and all(ref.startswith(("data:", "#")) for ref in page.references)
    assert preview.url.replace("&", "&amp;") in html  # the preview section is the window's preview
    assert all(crop.name in html for crop in asset.smart_crops)
    assert save_chooser.suggested == [f"{asset.id.rsplit(':', 1)[-1]}-report.html"]
    assert sorted(p.name for p in folder.iterdir()) == ["report.html"]  # written atomically
    assert dialog.progress.text() == "Written: report.html"


def test_nothing_ticked_is_refused_and_cancel_writes_nothing(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    dialog = open_dialog(window)
    for box in dialog.boxes.values():
        box.setChecked(False)
    dialog.export_button.click()
    assert dialog.banner.isVisible()
    assert save_chooser.suggested is None

    dialog.boxes[ReportSection.METADATA].setChecked(True)
    save_chooser.path = None  # the file dialog was cancelled
    dialog.export_button.click()
    assert dialog.written is None
    assert not list(tmp_path.glob("*.html"))


def test_a_folder_that_cannot_be_written_is_said_in_the_dialog(
    qtbot: QtBot, window: MainWindow, demo_assets: DemoAssets, save_chooser: SaveChooser, tmp_path: Path
) -> None:
    open_and_wait(qtbot, window, demo_assets.public_image.id)
    dialog = open_dialog(window)
    for section, box in dialog.boxes.items():
        box.setChecked(section is ReportSection.METADATA)
    save_chooser.path = tmp_path / "missing-folder" / "report.html"

    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.progress.text() == "Not written.", timeout=WAIT_MS)

    assert "could not be written" in dialog.banner.title_label.text()
    assert dialog.written is None
