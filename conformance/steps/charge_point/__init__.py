"""Steps of the `_CS` cases (SUT: charge point), where the harness plays the central system."""
