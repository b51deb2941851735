"""What tests of every package share: loopback servers that answer as each test says."""
