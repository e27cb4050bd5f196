"""The SUT side: its description file and the drivers that carry out operator actions."""
