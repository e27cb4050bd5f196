"""Thin adapters between `websockets` and the protocol core."""
