"""The modifier panel: a control for every image modifier."""
