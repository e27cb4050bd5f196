"""The steps test cases are written in, by SUT role as testcases/ is: `charge_point/` for the
`_CS` cases (the harness plays the central system), `central_system/` for the `_CSMS` cases (the
harness plays the charge point). Durations the plan prescribes are shared (`timing`)."""
