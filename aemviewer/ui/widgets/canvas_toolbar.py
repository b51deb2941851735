"""The strip above the preview: fit, 100 %, zoom out / in, the zoom shown, and Draw crop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from aemviewer.ui.widgets.image_canvas import PreviewCanvas


class CanvasToolbar(QWidget):
    """Buttons that drive a `PreviewCanvas`; `crop_button` is wired by the window."""

    def __init__(self, canvas: PreviewCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)

        def tool(text: str, tip: str, slot: Callable[[], None] | None = None) -> QToolButton:
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            if slot is not None:
                button.clicked.connect(slot)
            row.addWidget(button)
            return button

        tool("Fit", "Fit the image into the view (Ctrl+0)", canvas.fit)
        tool("100 %", "One image pixel per screen pixel (Ctrl+1)", canvas.actual_size)
        tool("−", "Zoom out (Ctrl+−, mouse wheel)", canvas.zoom_out)
        tool("+", "Zoom in (Ctrl++, mouse wheel)", canvas.zoom_in)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(56)
        self.zoom_label.setToolTip("Zoom (double-click the image to switch between fit and 100 %)")
        row.addWidget(self.zoom_label)
        row.addStretch(1)
        self.crop_button = tool("Draw crop", "Drag a crop rectangle on the uncropped image (Esc cancels)")
        self.crop_button.setCheckable(True)
        canvas.zoom_changed.connect(lambda zoom: self.zoom_label.setText(f"{zoom * 100:.0f} %"))
