"""Saving expectations that hold now as a checks file: the dialog, then the save-path chooser, then
an atomic write off the GUI thread. The Formats matrix, the Smart-crop sheet and the response panel
each build an `AssetChecks` (`aemviewer.qa.checks.observed`) and hand it here."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt

from aemviewer.delivery.errors import DeliveryError
from aemviewer.qa.checks.model import AssetChecks
from aemviewer.qa.checks.writer import dump_checks
from aemviewer.ui.common.checks_dialog import SaveChecksDialog
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.file_saving import save_atomically


def suggested_name(asset: AssetChecks) -> str:
    """`chelsea-the-cat-checks.toml` for `urn:avid:aem:chelsea-the-cat`."""
    stem = asset.name or asset.ref.rsplit(":", 1)[-1]
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-")[:60] + "-checks.toml"


def offer_checks(context: FeatureContext, asset: AssetChecks, source: str) -> SaveChecksDialog:
    """Open the dialog over `asset` (window-modal); Save… asks where and writes the TOML."""
    dialog = SaveChecksDialog(asset, source, context.dialog_parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted() -> None:
        edited = dialog.checks()
        path = context.choose_save_path(
            context.dialog_parent, suggested_name(edited.assets[0]), "Save the checks (TOML)"
        )
        if path is not None:
            write_checks(context, path, dump_checks(edited))

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


def write_checks(context: FeatureContext, path: Path, text: str) -> None:
    """Write `text` to `path` atomically and say so (or why not) in the status line or banner."""

    def saved(written: Path) -> None:
        context.status.show_message(f"Checks saved to {written}", 6000)

    def failed(error: DeliveryError) -> None:
        context.status.show_error(error)

    context.runner.run(save_atomically(path, text.encode("utf-8")), on_success=saved, on_failure=failed)
