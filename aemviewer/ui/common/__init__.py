"""What every feature of the window shares: the context it receives (service, operation runner,
request limiter, the preview's state, status, navigation), the `Feature` it declares, settings,
decoding."""
