"""aemviewer: look at what the AEM Assets Delivery API delivers."""

__version__ = "0.1.0"

APP_NAME = "aemviewer"
"""The name of the folders aemviewer keeps its configuration, log and state in."""
