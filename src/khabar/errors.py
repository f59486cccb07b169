"""Errors a user can cause (bad input), reported as one line and exit status 2."""


class KhabarInputError(Exception):
    """Input khabar cannot analyse: empty, binary, undecodable, not Arabic, too large."""
