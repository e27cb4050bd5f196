"""The OCPP-J 1.6 protocol core: frames, correlation and rules. No I/O here."""
