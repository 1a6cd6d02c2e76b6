"""Command line: ``python -m helpers report|check|score|synth``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers import paths, synth
from helpers.check import check_report
from helpers.dates import DATE_ORDERS
from helpers.language import LANGUAGES
from helpers.modeling import K_RANGE, SAMPLING_THRESHOLD
from helpers.errors import InputDataError, ModelFileError
from helpers.scoring import CHUNK_ROWS, ON_ERROR, score_file


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None


def _positive_int(text: str) -> int:
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _cluster_count(text: str) -> int:
    # The k search scores k = 2..10, and the modeling stage reports the chosen k's scores from it.
    value = _integer(text)
    if value not in K_RANGE:
        raise argparse.ArgumentTypeError(f"the number of clusters must be between {K_RANGE.start} and {K_RANGE.stop - 1}, got {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    report = commands.add_parser("report", help="run the six stage notebooks and render the HTML report")
    report.add_argument("--data", type=Path, default=paths.DEFAULT_DATA, help="customer table, CSV or Parquet (default: the embedded synthetic data)")
    report.add_argument("--out", type=Path, default=paths.DEFAULT_REPORT_DIR, help="output folder (default: outputs/report)")
    report.add_argument("--k", type=_cluster_count, default=4, help="number of clusters (default: 4, as the published analysis)")
    report.add_argument("--random-state", type=int, default=123)
    report.add_argument("--reference-year", type=int, default=2023, help="year that ages and membership are counted to")
    report.add_argument("--cell-timeout", type=_positive_int, default=600, help="seconds a notebook cell may run")
    report.add_argument("--date-order", choices=DATE_ORDERS, help="day/month order of Dt_Customer when the dates leave it open")
    report.add_argument("--lang", choices=LANGUAGES, default="en", help="language of persona names and recommendations")
    report.add_argument(
        "--sampling-threshold", type=_positive_int, default=SAMPLING_THRESHOLD,
        help="above this many customers the k search and silhouettes use a sample of this size",
    )  # fmt: skip

    check = commands.add_parser("check", help="validate a customer table and print its data-quality assessment")
    check.add_argument("--data", type=Path, required=True)
    check.add_argument("--date-order", choices=DATE_ORDERS)
    check.add_argument("--reference-year", type=int, default=2023)
    check.add_argument("--k", type=_cluster_count, default=4, help="number of clusters the report will use (default: 4)")

    score = commands.add_parser("score", help="assign customers to personas with a saved model")
    score.add_argument("--model", type=Path, required=True, help="model.skops from a report's artifacts folder")
    score.add_argument("--data", type=Path, required=True, help="customers, CSV or Parquet, any layout the report accepts")
    score.add_argument("--out", type=Path, required=True, help="CSV or .parquet: ID, persona_id, persona, action, outside_training_range")
    score.add_argument("--on-error", choices=ON_ERROR, default="fail", help="bad customer rows stop the run (fail) or are skipped and counted (skip)")
    score.add_argument("--chunk-rows", type=_positive_int, default=CHUNK_ROWS)
    score.add_argument("--date-order", choices=DATE_ORDERS)

    generator = commands.add_parser("synth", help="write a synthetic customer table")
    generator.add_argument("--rows", type=_positive_int, default=2240)
    generator.add_argument("--seed", type=int, default=2023)
    generator.add_argument("--out", type=Path, required=True, help="CSV or .parquet path")
    generator.add_argument(
        "--layout", choices=synth.LAYOUTS, default="rakamin",
        help="rakamin: rupiah, Indonesian labels, MntCoke (default); original: the public file's plain units, English labels, MntWines, tab-separated",
    )  # fmt: skip
    return parser


def _report(arguments) -> int:
    # papermill and nbconvert load only for this command, so scoring starts fast.
    from helpers.report import ReportParameters, StageFailed, run_report

    try:
        index = run_report(
            ReportParameters(
                data_path=arguments.data.expanduser().resolve(),
                output_dir=arguments.out.expanduser().resolve(),
                n_clusters=arguments.k,
                random_state=arguments.random_state,
                reference_year=arguments.reference_year,
                date_order=arguments.date_order or "",
                lang=arguments.lang,
                sampling_threshold=arguments.sampling_threshold,
            ),
            cell_timeout=arguments.cell_timeout,
        )
    except StageFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if error.is_data_error else 1
    print(f"report: {index}")
    return 0


def _score(arguments) -> int:
    summary = score_file(arguments.model, arguments.data, arguments.out, arguments.on_error, arguments.chunk_rows, arguments.date_order)
    for problem in summary.problems[:10]:
        print(f"skipped {problem}", file=sys.stderr)
    print(
        f"scored {summary.rows_scored:,} customers into {arguments.out} in {summary.seconds:.2f} s "
        f"({summary.rows_per_second:,.0f} per second); skipped {summary.rows_skipped:,} bad rows"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command == "report":
            return _report(arguments)
        if arguments.command == "check":
            print(check_report(arguments.data.expanduser(), arguments.date_order, arguments.reference_year, arguments.k))
        elif arguments.command == "score":
            return _score(arguments)
        elif arguments.command == "synth":
            try:
                path = synth.write(arguments.rows, arguments.seed, arguments.out, arguments.layout)
            except ValueError as error:  # e.g. fewer rows than the generator's minimum
                raise InputDataError(str(error)) from None
            print(f"wrote {arguments.rows:,} synthetic customers ({arguments.layout} layout) to {path}")
    except (InputDataError, ModelFileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # the disk or the file system said no (full, read-only, vanished)
        where = f" ({error.filename})" if error.filename else ""
        print(f"error: {error.strerror or error}{where}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
