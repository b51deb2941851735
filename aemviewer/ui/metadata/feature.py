"""The Metadata tab: what it adds to the window, and the connections that feed it.

The panel shows the metadata answer the preview controller fetches when an asset opens (one
request for both), and its failure; Retry asks again for the same asset. Choosing a smart crop
sets it in the modifier panel — through the panel's public `set_state`, exactly as a pasted URL
does — requests the preview, and switches to the Preview tab: the user asked to *see* the crop,
and the Preview tab is the only place it can be seen. Merely selecting a row changes nothing.
"""

from __future__ import annotations

from aemviewer.delivery.errors import DeliveryError
from aemviewer.delivery.metadata import Metadata
from aemviewer.delivery.reference import AssetRef
from aemviewer.ui.common.context import FeatureContext
from aemviewer.ui.common.feature import Feature, Tab
from aemviewer.ui.metadata.panel import MetadataPanel

TAB_TITLE = "Metadata"
_RETRY_KEY = "metadata-retry"


class MetadataTab:
    """The Metadata panel of one window and the connections that feed it."""

    def __init__(self, context: FeatureContext) -> None:
        self.context = context
        self.panel = MetadataPanel(runner=context.runner)
        self.feature = Feature(tabs=(Tab(self.panel, TAB_TITLE),))
        controller = context.preview
        controller.asset_opened.connect(self._asset_opened)
        controller.metadata_ready.connect(self._metadata_ready)
        controller.metadata_failed.connect(self._metadata_failed)
        controller.smart_crops_ready.connect(self.panel.set_smart_crop_names)
        controller.smart_crops_failed.connect(self.panel.set_smart_crops_unavailable)
        self.panel.smart_crop_chosen.connect(self.preview_smart_crop)
        self.panel.retry_requested.connect(self.retry)
        self.panel.status_message.connect(lambda text: context.status.show_message(text, 6000))

    def token_sent(self, asset: AssetRef | None) -> bool:
        """Whether the metadata request for `asset` carried the profile's token (it goes to the
        profile's host only, never to the host of a pasted URL)."""
        service = self.context.service
        if asset is None or not service.has_token():
            return False
        return service.endpoints_for(asset).base_url == service.endpoints.base_url

    def _asset_opened(self, asset: AssetRef) -> None:
        self.context.runner.cancel(_RETRY_KEY)
        self.panel.show_loading(asset.asset_id)

    def _metadata_ready(self, metadata: Metadata) -> None:
        self.panel.show_metadata(metadata, token_sent=self.token_sent(self.context.preview.asset))

    def _metadata_failed(self, error: DeliveryError) -> None:
        self.panel.show_error(error, self.context.preview.asset)

    def retry(self) -> None:
        """Ask for the metadata of the open asset again (after a failure)."""
        asset = self.context.preview.asset
        if asset is None:
            return
        self.panel.show_loading(asset.asset_id, again=True)

        # Opening another asset cancels the retry line: a late answer is never shown for it.
        def arrived(metadata: Metadata) -> None:
            self.panel.show_metadata(metadata, token_sent=self.token_sent(asset))

        def failed(error: DeliveryError) -> None:
            self.panel.show_error(error, asset)

        self.context.runner.run(
            self.context.service.metadata(asset),
            ticket=self.context.runner.ticket(_RETRY_KEY),
            on_success=arrived,
            on_failure=failed,
        )

    def preview_smart_crop(self, name: str) -> None:
        """Preview the asset with `smartcrop=name` (other modifiers stay) on the Preview tab."""
        preview = self.context.preview
        modifiers = preview.modifiers.with_changes(smartcrop=name)
        navigation = self.context.navigation
        navigation.apply_modifiers(modifiers, preview.image_format)
        navigation.show_preview()
        self.context.status.show_message(f"Previewing the smart crop {name}", 6000)
