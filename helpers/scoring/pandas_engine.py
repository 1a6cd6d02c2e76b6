"""Assign new customers to personas with the saved model in this process, in chunks, never refitting anything.

Memory stays flat whatever the file size: the input is read in chunks (pyarrow
batches for Parquet, chunked CSV) and the output written chunk by chunk to a
temporary file that replaces the target only when every chunk succeeded.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.campaign.economics import Economics
from helpers.campaign.response_model import FEATURES, model_matrix
from helpers.campaign.response_model import probability as response_probability
from helpers.config import ON_ERROR, SCORING_CHUNK_ROWS
from helpers.data import columns, loading, sources, tables
from helpers.data.cleaning import within_bounds
from helpers.data.currency import convert_amounts
from helpers.errors import InputDataError, ModelFileError
from helpers.segmentation import model_store
from helpers.segmentation.assignment import assign

OUTPUT_COLUMNS = ("ID", "persona_id", "persona", "persona_key", "action", "outside_training_range")
# Added when the model has a response part: the probability of accepting an offer, whether contacting the
# customer pays (probability x revenue > cost), and the expected profit of contacting them.
RESPONSE_COLUMNS = ("response_probability", "contact", "expected_profit")
NO_RESPONSE_PART = (
    "the model has no response part (its training data had no Response to learn from): "
    "personas only, no response_probability, contact or expected_profit."
)


def output_columns(model: dict) -> tuple[str, ...]:
    return OUTPUT_COLUMNS + (RESPONSE_COLUMNS if model["response"] is not None else ())


@dataclass
class ScoreSummary:
    rows_scored: int = 0
    rows_skipped: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.rows_scored / self.seconds if self.seconds else float("nan")


@dataclass
class CheckedChunk:
    """A chunk of the input validated as the report validates it: the rows to score, in the model's currency,
    and what is wrong with each other row, located in its file."""

    rows_read: int
    valid: pd.DataFrame
    problems: list[str]
    rows_skipped: int


def check_chunk(
    chunk: pd.DataFrame, file: sources.InputFile, collection: bool, currency: str, date_order: str | None
) -> CheckedChunk:
    """``chunk`` (indexed by row position in ``file``, one of a folder or glob's files when ``collection``)
    validated, with its amounts in ``currency``."""
    valid, problems, found_currency, _ = loading.canonical_rows(chunk, str(file.path), date_order)
    # The scaler was fitted in the training data's currency.
    valid = convert_amounts(valid, columns.AMOUNTS, found_currency, currency)
    located = [
        f"{sources.locate(file, chunk.index[i], collection)}: {problem}"
        for i, problem in problems.itertuples(index=False)
    ]
    return CheckedChunk(len(chunk), valid, located, problems["index"].nunique())


def record_problems(summary: ScoreSummary, located: list[str], rows_skipped: int, on_error: str, where) -> None:
    """Stop the run on bad rows (``fail``: nothing is written), or count them and go on (``skip``)."""
    if not located:
        return
    if on_error == "fail":
        more = f"; and {len(located) - 5} more" if len(located) > 5 else ""
        raise InputDataError(
            f"{where}: bad customer rows, nothing written ({'; '.join(located[:5])}{more}). "
            "Use --on-error skip to score the others."
        )
    summary.problems += located
    summary.rows_skipped += rows_skipped


def _validated_chunks(
    source: sources.CustomerSource, chunk_rows: int, date_order: str | None, sheet: str | None, currency: str
) -> Iterator[tuple[sources.InputFile, CheckedChunk]]:
    """Every file's chunks in order, checked; the next chunk is read and validated on the second core while the
    caller scores the current one."""
    chunks = ((file, chunk) for file in source.files for chunk in sources.read_file_chunks(file, chunk_rows, sheet))

    def read_next():
        item = next(chunks, None)
        return (
            None if item is None else (item[0], check_chunk(item[1], item[0], source.collection, currency, date_order))
        )

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(read_next)
        while (item := pending.result()) is not None:
            pending = pool.submit(read_next)
            yield item


def _repeated_text(texts: list[str], positions: np.ndarray) -> pd.Categorical:
    """``texts[positions]`` as a categorical: a million copies of four strings cost
    a fifth of a second as strings, nothing as codes (Parquet stores a dictionary)."""
    codes, distinct = pd.factorize(pd.Series(texts))
    return pd.Categorical.from_codes(codes[positions], categories=distinct)


def _response_columns(response: dict, prepared: pd.DataFrame, reference_year: int) -> dict:
    # scikit-learn refuses an empty matrix; a chunk whose every row was skipped still writes its columns.
    probability = (
        response_probability(response["pipeline"], model_matrix(prepared, reference_year))
        if len(prepared)
        else np.zeros(0)
    )
    economics = Economics.of(response)
    # Single precision is plenty for a probability and a profit, and halves what is written.
    return {
        "response_probability": probability.astype("float32"),
        "contact": economics.contact(probability),
        "expected_profit": economics.expected_profit(probability).astype("float32"),
    }


def score_table(model: dict, canonical: pd.DataFrame) -> pd.DataFrame:
    """Persona key, name, action and outlier flag for canonical customers, and with a response part whom to
    contact (the model is applied, never refitted). Names and actions are the model's ``persona_names`` and
    ``persona_actions``: the training report's words unless ``helpers.story.persona_words.scoring_labels``
    put another language's in their place."""
    prepared, persona_ids = assign(model, canonical)
    bounds = pd.DataFrame(model["iqr_bounds"], index=["lower", "upper"]).T
    response = model["response"]
    return pd.DataFrame(
        {
            "ID": canonical[columns.ID].to_numpy(),
            "persona_id": persona_ids,
            "persona": _repeated_text(model["persona_names"], persona_ids - 1),
            "persona_key": _repeated_text(model["persona_keys"], persona_ids - 1),
            "action": _repeated_text(model["persona_actions"], persona_ids - 1),
            # The training run filtered these customers out; they get the nearest persona all the same.
            "outside_training_range": ~within_bounds(prepared, bounds).to_numpy(),
            **({} if response is None else _response_columns(response, prepared, model["reference_year"])),
        }
    )


# A saved model -> the same model with its persona names and actions in another language.
NamePersonas = Callable[[dict], dict]


def load_model(model_path: Path, name_personas: NamePersonas | None = None) -> dict:
    """The saved model, refused when its response part was trained on other features; its persona names and
    actions from ``name_personas`` when given."""
    model = model_store.load(model_path)
    if model["response"] is not None and model["response"]["features"] != list(FEATURES):
        raise ModelFileError(f"{model_path} holds a response model of other features: rerun the report to retrain.")
    return model if name_personas is None else name_personas(model)


def problem_source(source: sources.CustomerSource, file: sources.InputFile):
    """What a message about bad rows names: the file the user gave, or the file of a folder or glob."""
    return file.path if source.collection else source.given


@dataclass(frozen=True)
class ScoringOptions:
    """How either engine reads the input, treats bad rows, reports progress and names the personas.

    ``on_error``: bad customer rows stop the run (``fail``: nothing is written) or are counted and skipped;
    ``progress``: a progress bar on standard error (None: when it is a terminal); ``name_personas`` gives the
    loaded model its persona names and actions in the language asked for (without it, the training report's).
    """

    on_error: str = "fail"
    chunk_rows: int = SCORING_CHUNK_ROWS
    date_order: str | None = None
    sheet: str | None = None
    progress: bool | None = None
    name_personas: NamePersonas | None = None

    def __post_init__(self):
        if self.on_error not in ON_ERROR:
            raise ValueError(f"on_error must be one of {ON_ERROR}")


DEFAULT_OPTIONS = ScoringOptions()


@dataclass
class ScoringRun:
    """What both engines start from: the model, the input, the summary to fill in, and a progress bar or None."""

    model: dict
    source: sources.CustomerSource
    summary: ScoreSummary
    bar: object = None
    started: float = field(default_factory=time.perf_counter)

    @classmethod
    def begin(cls, model_path: Path, data_path: Path, options: ScoringOptions) -> ScoringRun:
        model = load_model(model_path, options.name_personas)
        source = sources.open_source(data_path, options.sheet)
        return cls(model, source, ScoreSummary(notes=[NO_RESPONSE_PART] if model["response"] is None else []))

    def show_progress(self, options: ScoringOptions) -> None:
        if sys.stderr.isatty() if options.progress is None else options.progress:
            from tqdm import tqdm

            self.bar = tqdm(unit=" customers", file=sys.stderr, total=self.source.parquet_rows())

    def advance(self, rows: int) -> None:
        if self.bar is not None:
            self.bar.update(rows)

    def end(self) -> ScoreSummary:
        if self.bar is not None:
            self.bar.close()
        self.summary.seconds = time.perf_counter() - self.started
        return self.summary


def score_file(
    model_path: Path, data_path: Path, out_path: Path, options: ScoringOptions = DEFAULT_OPTIONS
) -> ScoreSummary:
    """Score ``data_path`` (a file, a Parquet dataset folder or a glob) into ``out_path`` (CSV or Parquet by
    extension) in this process; the output appears whole or not at all."""
    run = ScoringRun.begin(model_path, data_path, options)
    model, source, summary = run.model, run.source, run.summary
    run.show_progress(options)
    chunks = _validated_chunks(source, options.chunk_rows, options.date_order, options.sheet, model["currency"])
    try:
        with tables.ChunkedTableWriter(out_path, columns=output_columns(model)) as writer:
            for file, checked in chunks:
                where = problem_source(source, file)
                record_problems(summary, checked.problems, checked.rows_skipped, options.on_error, where)
                writer.write(score_table(model, checked.valid))
                summary.rows_scored += len(checked.valid)
                run.advance(checked.rows_read)
    finally:
        run.end()
    return summary
