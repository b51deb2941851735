"""The Preview tab: the live preview controller and the response panel."""
