"""Building blocks test cases are written in: expectations, matchers, reusable states."""
