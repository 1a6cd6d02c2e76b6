"""Errors a user can fix, reported as a message instead of a traceback."""


class InputDataError(ValueError):
    """The customer table cannot be analysed as given (the message says why)."""


class StageInputMissing(FileNotFoundError):
    """A stage needs a file that an earlier stage writes; run that stage first."""


class ModelFileError(ValueError):
    """A model file that must not or cannot be loaded (the message says why)."""
