"""The main window: it assembles the features' tabs, menus and banners."""
