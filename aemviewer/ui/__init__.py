"""The window, by feature. Imports flow one way (import-linter keeps them so):

    ui.shell   the main window: builds the preview, one `FeatureContext`, and the features; puts the
       │       tabs, menu entries and banners they declare (`ui.common.feature.Feature`) in place
       ▼
    ui.<feature>   browse, downloads, metadata, modifiers, preview, profiles, video,
       │           qa.compare, qa.formats, qa.smart_crops, qa.history — independent of each other
       ▼
    ui.common  the context (service, runner and its tickets, request limiter, `PreviewModel`, status,
       │       navigation), settings, decoding
       ▼
    ui.widgets small widgets with no feature knowledge

A new tab is a new package `ui/<name>/`: a panel (and a controller for its async work) built from a
`FeatureContext`, and a `Feature` value saying what it adds; the shell adds one line to build it.
"""
