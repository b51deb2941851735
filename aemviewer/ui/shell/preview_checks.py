"""The response panel's "Save as checks…": the painted answer's type, size, cache headers and
bytes as expectations, offered for editing and saving (`ui/common/checks_saving.py`)."""

from __future__ import annotations

from collections.abc import Callable

from aemviewer.qa.checks.observed import from_delivery
from aemviewer.ui.common.checks_dialog import SaveChecksDialog
from aemviewer.ui.common.checks_saving import offer_checks
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.preview_model import PreviewModel
from aemviewer.ui.preview.controller import PreviewController


def offer_preview_checks(
    controller: PreviewController,
    preview_model: PreviewModel,
    context: FeatureContext,
    show_message: Callable[[str, int], None],
) -> SaveChecksDialog | None:
    """The dialog with the painted answer's expectations; None (and a status message) while the
    painted answer is not the current state's."""
    preview, state = controller.last_preview, preview_model.state()
    if preview is None or state is None or preview.url != state.url:
        show_message("Wait for the preview's answer: it becomes the checks.", 6000)
        return None
    delivered = preview.size
    size = None if delivered.isEmpty() else (delivered.width(), delivered.height())
    modifiers = tuple(state.modifiers.to_query())
    asset = from_delivery(preview.asset_id, modifiers, state.image_format or "jpg", preview.delivery, size)
    return offer_checks(context, asset, "the Preview's answer")
