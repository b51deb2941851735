"""The Compare tab: two deliveries side by side."""
