"""Writers that turn case results into reports."""
