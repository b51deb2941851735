"""aemviewer: look at what the AEM Assets Delivery API delivers."""

__version__ = "0.1.0"
