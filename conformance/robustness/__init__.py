"""Property-based robustness suites: the SUT fed unusual and invalid input over a live connection."""
