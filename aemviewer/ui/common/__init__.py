"""What every feature of the window shares: the delivery service, the operation runner, decoding, settings."""
