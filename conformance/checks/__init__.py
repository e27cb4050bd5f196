"""Judging: the rules the suite holds a SUT to, the failures that name them, and the pure checks.

Below roles/ and steps/, which drive a case and wait: nothing here performs I/O or waits, so
every verdict the suite can reach is decided by code that unit tests reach directly.
"""
