"""An earlier report a new run compares itself with (``--previous``): found, checked, and read.

A monthly rerun compares this month's customers with last month's report: its saved
model (the persona definitions), every customer it analysed and the plan it
recommended. That report is an input like the customer file, so it is checked the
same way before anything runs: a folder that is not a report, one written by an
incompatible version of the project, or a model whose card does not match gets
one line and exit status 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from helpers import __version__
from helpers.config import STAGE_IDS, anchored
from helpers.engine.seam import Engine
from helpers.errors import InputDataError
from helpers.report.handover import read_summary
from helpers.report.run_folder import RunLayout, is_report

# What the comparison reads from the earlier report, besides its saved model.
_NEEDED_SECTIONS = ("data", "personas", "economics", "response_model", "targeting", "project_version")


@dataclass(frozen=True)
class PreviousRun:
    """The parts of an earlier report that a rerun compares with."""

    folder: Path
    summary: dict
    model: dict = None  # the saved persona and response model

    @property
    def layout(self) -> RunLayout:
        return RunLayout(self.folder)

    @property
    def shown_name(self) -> str:
        """The folder as a reader recognises it: its parent's name and its own (``outputs/report``)."""
        return f"{self.folder.parent.name}/{self.folder.name}" if self.folder.parent.name else self.folder.name

    @property
    def started(self) -> datetime:
        """When the earlier run started, as papermill recorded it."""
        from helpers.report.index_page import executed_run

        return executed_run(self.layout).started

    def customers(self, engine: Engine):
        """Every customer of the earlier file with its engineered features (the earlier data preparation), as a
        table of ``engine``'s kind, whichever engine wrote it."""
        return engine.read_dataset(self.layout.customers)  # a file, or a dataset folder

    def response_predictions(self, engine: Engine):
        """ID and held-out probability of each earlier customer as a table of ``engine``'s kind, or None when the
        earlier run fitted no model."""
        if self.summary["response_model"]["status"] != "fitted":
            return None
        return engine.read_dataset(self.layout.response_predictions)


def _release(version: str) -> tuple[str, ...]:
    return tuple(str(version).split(".")[:2])


def check(folder: str | Path) -> Path:
    """The earlier report's folder, after the checks that need no model loading; an error naming the problem."""
    path = anchored(folder)
    if not path.exists():
        raise InputDataError(f"--previous {folder}: no such folder; give the folder an earlier `make report` wrote.")
    if not path.is_dir() or not is_report(path):
        raise InputDataError(
            f"--previous {folder}: not a report folder (it needs index.html and artifacts/summary.json); "
            "give the folder an earlier `make report` wrote."
        )
    layout = RunLayout(path)
    try:
        summary = read_summary(layout.summary)
    except ValueError:
        raise InputDataError(f"--previous {folder}: its summary.json is not valid JSON.") from None
    version = summary.get("project_version", "unknown")
    missing = [section for section in _NEEDED_SECTIONS if section not in summary]
    if missing or _release(version) != _release(__version__):
        raise InputDataError(
            f"--previous {folder}: written by an incompatible version of the project ({version}; this is "
            f"{__version__}); rerun that report with this version to compare with it."
        )
    from helpers.segmentation.model_store import card_path

    needed = [layout.model, card_path(layout.model), layout.customers, layout.notebooks / f"{STAGE_IDS[0]}.ipynb"]
    if summary["response_model"]["status"] == "fitted":
        needed.append(layout.response_predictions)
    absent = [str(p.relative_to(path)) for p in needed if not p.exists()]
    if absent:
        raise InputDataError(f"--previous {folder}: the report is incomplete ({', '.join(absent)} missing).")
    return path


def refuse_same_folder(previous: str | Path, output_dir: str | Path) -> None:
    """A rerun writes its report elsewhere: replacing the earlier one would lose what the next rerun needs."""
    if previous and anchored(previous).resolve() == anchored(output_dir).resolve():
        raise InputDataError(
            f"--previous and --out are the same folder ({previous}): the new report would replace the one it "
            "compares with; give the new report another --out (nothing was changed)."
        )


def open_previous(folder: str | Path) -> PreviousRun | None:
    """The earlier report, checked, with its model loaded (its card's hash checked); None without one."""
    if not folder:
        return None
    path = check(folder)
    from helpers.segmentation import model_store

    return PreviousRun(path, read_summary(RunLayout(path).summary), model_store.load(RunLayout(path).model))
