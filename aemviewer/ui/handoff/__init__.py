"""Hand-off from the window: "Copy as HTML" (responsive markup) and File → Export report."""
