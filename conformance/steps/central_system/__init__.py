"""Steps of the `_CSMS` cases (SUT: central system), where the harness plays the charge point."""
