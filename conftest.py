"""The suite's pytest plugin is registered by the `pytest11` entry point (conformance.pytest_plugin)."""
