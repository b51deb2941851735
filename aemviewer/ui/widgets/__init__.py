"""Small reusable widgets with no feature knowledge."""
