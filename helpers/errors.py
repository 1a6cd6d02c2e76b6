"""Errors a user can fix, reported as a message instead of a traceback."""


class _OneLine(Exception):
    """Shown as its message alone, in a terminal and in a notebook (IPython renders ``_render_traceback_``)."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


class InputDataError(_OneLine, ValueError):
    """The customer table cannot be analysed as given (the message says why)."""


class StageInputMissing(_OneLine, FileNotFoundError):
    """A stage needs a file that an earlier stage of the same run writes; the message names the stage to run."""


class StageParametersDiffer(_OneLine, ValueError):
    """A stage was given other parameters than the run it continues; the message names them."""


class ModelFileError(_OneLine, ValueError):
    """A model file that must not or cannot be loaded (the message says why)."""


class EngineError(_OneLine, RuntimeError):
    """The distributed engine could not do its part: no scheduler at the address, workers that kept dying."""
