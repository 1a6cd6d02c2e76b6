"""The command line: ``python -m helpers report|check|score|synth|calibrate``.

Only ``argparse`` and the project's settings load before a subcommand runs, so
``--help`` answers at once; each subcommand imports the libraries it uses. What is
printed goes through ``say``, which spells out control characters: messages quote
file names, column names and cell values, and a file must not drive the terminal.
"""

from __future__ import annotations

import argparse
import errno
import functools
import signal
import sys
from pathlib import Path

from helpers import config, signals
from helpers.errors import EngineError, InputDataError, ModelFileError
from helpers.option_values import non_negative_int, positive_int, worker_memory
from helpers.story import inert


def say(text, error: bool = False, keep_newlines: bool = False) -> None:
    """Print ``text`` inert (``inert.terminal``) to stdout, or to stderr when it is an ``error``."""
    print(inert.terminal(text, keep_newlines), file=sys.stderr if error else sys.stdout)


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Every option's help ends with its default; options without one say nothing of it."""

    def _get_help_string(self, action):
        if action.default in (None, "", argparse.SUPPRESS) or action.required:
            return action.help
        return super()._get_help_string(action)


# What a run setting declares for its own use, not for argparse.
_NOT_ARGPARSE = ("flag", "path", "command_line_default", "command_line_help", "help")


def _add_setting(command: argparse.ArgumentParser, name: str, **overrides) -> None:
    """The option of one run setting as ``config.RunSettings`` declares it; ``overrides`` replace what it declares
    (another help, ``required``)."""
    declared = config.command_line(name)
    keywords = {key: value for key, value in declared.items() if key not in _NOT_ARGPARSE}
    default = declared.get("command_line_default", config.default(name))
    help_text = declared.get("command_line_help", config.help_text(name))
    command.add_argument(
        declared["flag"], dest=name, **({"default": default, "help": help_text} | keywords | overrides)
    )


def _add_settings(command: argparse.ArgumentParser, *names: str) -> None:
    """The options of the named run settings, of all of them when none is named."""
    for name in names or config.parameter_names():
        _add_setting(command, name)


class _OneLineErrors(argparse.ArgumentParser):
    """A wrong option is one line naming it, not the whole usage (``--help`` shows that)."""

    def error(self, message: str):
        say(f"{self.prog}: error: {message} (see {self.prog} --help)", error=True)
        raise SystemExit(2)


# The engine settings, which both ``report`` and ``score`` take with the local cluster's size.
_CLUSTER_SETTINGS = ("engine", "scheduler")
_WORKER_MEMORY = worker_memory(config.DASK_MIN_MEMORY_LIMIT)


def _add_cluster_options(command: argparse.ArgumentParser) -> None:
    """--engine, --scheduler, --workers and --memory-limit: one declaration, the same values, checks and defaults
    for every command that can run on Dask. The local cluster's size is an option of the command, not a run
    setting: no result depends on it."""
    _add_settings(command, *_CLUSTER_SETTINGS)
    command.add_argument(
        "--workers",
        type=positive_int,
        help="worker processes of the local cluster (default: one per core)",
    )
    command.add_argument(
        "--memory-limit",
        metavar="SIZE",
        type=_WORKER_MEMORY,
        help="memory of each local worker, past which it spills to disk (default: "
        f"{round(100 * config.DASK_MACHINE_MEMORY_SHARE)}%% of the machine's memory shared among the workers, at most "
        f"{config.DASK_MAX_WORKER_MEMORY // 2**30}GiB each)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _OneLineErrors(
        prog="python -m helpers",
        description="Customer-personality segmentation: the report, checking and scoring customers, synthetic data.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=summary, formatter_class=_HelpFormatter)

    report = command("report", "Run the six stage notebooks on a customer table and render the HTML report.")
    _add_settings(report, *(name for name in config.parameter_names() if name not in _CLUSTER_SETTINGS))
    _add_cluster_options(report)
    report.add_argument(
        "--cell-timeout", type=positive_int, default=config.CELL_TIMEOUT, help="seconds a notebook cell may run"
    )

    check = command("check", "Validate a customer table and print its data-quality assessment (exit 0: analysable).")
    _add_settings(check, "data_path", "n_clusters", "reference_year", "date_order", "sheet", "impute_income")
    _add_setting(check, "lang", help="language of the assessment printed")

    score = command("score", "Assign customers to personas with a report's saved model, never refitting it.")
    score.add_argument("--model", type=Path, required=True, help="model.skops from a report's artifacts folder")
    score.add_argument(
        "--data",
        type=Path,
        required=True,
        help="customers: a file (CSV, compressed CSV, Excel or Parquet, any layout the report reads), a Parquet "
        "dataset folder, or a quoted glob such as 'exports/*.csv'",
    )
    score.add_argument(
        "--out",
        type=Path,
        required=True,
        help=".csv or .parquet: ID, persona_id, persona, persona_key, action, outside_training_range and, when the "
        "model has a response part, response_probability, contact, expected_profit; with the Dask engine also a folder "
        "or a name without extension: a Parquet dataset",
    )
    score.add_argument(
        "--on-error",
        choices=config.ON_ERROR,
        default="fail",
        help="bad customer rows stop the run (fail) or are skipped and counted (skip)",
    )
    score.add_argument(
        "--chunk-rows",
        type=positive_int,
        default=config.SCORING_CHUNK_ROWS,
        help="customers read and written at a time",
    )
    _add_settings(score, "date_order", "sheet")
    _add_setting(score, "lang", help="language of the persona names and actions written to the output")
    _add_cluster_options(score)

    generator = command("synth", "Write a synthetic customer table that behaves like the real one.")
    generator.add_argument("--rows", type=positive_int, default=config.SYNTHETIC_ROWS, help="customers, at least 10")
    generator.add_argument(
        "--seed",
        type=non_negative_int,
        default=config.SYNTHETIC_SEED,
        help="the same seed and rows give the same table",
    )
    generator.add_argument(
        "--out",
        type=Path,
        required=True,
        help=".csv, .tsv, .txt or .parquet file, or a folder (a name without extension): a Parquet dataset of "
        "parts written one at a time, for tables of any size",
    )
    generator.add_argument(
        "--next-period-of",
        type=Path,
        metavar="FILE",
        help="write FILE's customers a period later instead (same IDs, some gone, some new, drifted, a new "
        "campaign outcome); --rows is then ignored",
    )
    generator.add_argument(
        "--layout",
        choices=config.SYNTHETIC_LAYOUTS,
        default=config.SYNTHETIC_LAYOUTS[0],
        help="rakamin: rupiah, Indonesian labels, MntCoke; original: the public file's plain units, English labels, "
        "MntWines, tab-separated",
    )

    calibrate = command("calibrate", "Compare synthetic customers with the real ones (exit 1 when a target is missed).")
    calibrate.add_argument("--real", type=Path, default=config.REAL_DATA, help="the real customer table")
    calibrate.add_argument("--synthetic", type=Path, help="compare this table instead of generating one")
    calibrate.add_argument("--rows", type=positive_int, default=config.SYNTHETIC_ROWS, help="customers to generate")
    calibrate.add_argument("--seed", type=non_negative_int, default=config.SYNTHETIC_SEED, help="generator seed")
    calibrate.add_argument("--write", type=Path, help="also write the comparison as a Markdown document here")
    return parser


def _absolute(path: str) -> str:
    """A path given on the command line, from the working folder, as an absolute path; empty stays empty."""
    return str(Path(path).expanduser().resolve()) if path else ""


def _run_settings(arguments) -> config.RunSettings:
    """The run settings the options hold; paths become absolute, for the notebooks run from their own folder."""
    values = {name: getattr(arguments, name) for name in config.parameter_names()}
    for name, value in values.items():
        if config.command_line(name).get("path"):
            values[name] = _absolute(value)
    return config.RunSettings(**values)


def _report_engine(arguments) -> str:
    """The engine the report runs on, announced with why; a rerun against ``--previous`` compares on either, with an
    earlier report made by either."""
    from helpers.engine.choice import choose_engine

    _dask_options_without_dask(arguments, "run the report")
    engine, why = choose_engine(
        arguments.engine, _input_file(arguments.data_path), arguments.scheduler or None, arguments.sheet or None
    )
    say(f"engine: {engine} ({why})")
    return engine


def _report(arguments) -> int:
    from helpers.report.runner import StageFailed, run_report

    if arguments.budget is not None and arguments.contact_cost is not None:
        from helpers.campaign.economics import contacts_within

        contacts_within(arguments.contact_cost, arguments.budget)  # refused before anything starts, if at all
    arguments.engine = _report_engine(arguments)
    settings = _run_settings(arguments)
    try:
        index = run_report(
            settings,
            cell_timeout=arguments.cell_timeout,
            cluster=_cluster_size(arguments),
            announce=lambda line: say(line, error=True),
        )
    except StageFailed as error:
        # Its second line, when there is one, is the partly executed notebook; its parts are inert already.
        say(f"error: {error}", error=True, keep_newlines=True)
        return 2 if error.is_data_error else 1
    say(f"report: {index}")
    return 0


def _input_file(path: str) -> Path:
    """The customer table named on the command line (from the working folder), the embedded data when empty."""
    return Path(path).expanduser() if path else config.DEFAULT_DATA


def _check(arguments) -> int:
    from helpers.report.check import check_report

    report = check_report(
        _input_file(arguments.data_path),
        arguments.date_order,
        arguments.reference_year,
        arguments.n_clusters,
        sheet=arguments.sheet,
        impute_income=arguments.impute_income,
        lang=arguments.lang,
    )
    say(report, keep_newlines=True)
    return 0


def _local_cluster_flags(arguments) -> list[str]:
    """The options given that size a local cluster."""
    return [
        flag for flag, value in (("--workers", arguments.workers), ("--memory-limit", arguments.memory_limit)) if value
    ]


def _cluster_size(arguments) -> config.ClusterSize:
    """The local cluster the options ask for, the defaults where they say nothing."""
    machine = config.ClusterSize.of_machine(arguments.workers)
    return config.ClusterSize(machine.workers, arguments.memory_limit or machine.memory_limit)


def _dask_options_without_dask(arguments, work: str = "score") -> None:
    """Refuse the Dask options that cannot apply: any of them on pandas, a local cluster's size with a scheduler."""
    local = _local_cluster_flags(arguments)
    if arguments.engine == "pandas" and (local or arguments.scheduler):
        given = ", ".join(local + (["--scheduler"] if arguments.scheduler else []))
        raise InputDataError(f"{given} only apply to the Dask engine; use --engine dask or auto, or drop them.")
    if arguments.scheduler and local:
        raise InputDataError(
            f"{', '.join(local)} set up a local cluster; with --scheduler the cluster's own workers {work}."
        )


def _score(arguments) -> int:
    from helpers.engine.choice import choose_engine
    from helpers.story import persona_words

    _dask_options_without_dask(arguments)
    engine, why = choose_engine(arguments.engine, arguments.data, arguments.scheduler or None, arguments.sheet or None)
    say(f"engine: {engine} ({why})")
    from helpers.scoring.pandas_engine import ScoringOptions

    options = ScoringOptions(
        on_error=arguments.on_error,
        chunk_rows=arguments.chunk_rows,
        # The scorer takes None, not "", for a date order left to inference.
        date_order=arguments.date_order or None,
        sheet=arguments.sheet or None,
        # Persona names and actions in the language asked for, from the model's keys (the scorers speak none).
        name_personas=functools.partial(persona_words.scoring_labels, lang=arguments.lang),
    )
    common = (arguments.model, arguments.data, arguments.out, options)
    if engine == "dask":
        from helpers.scoring.dask_engine import score_on_dask

        size = _cluster_size(arguments)
        summary = score_on_dask(
            *common,
            scheduler=arguments.scheduler or None,
            workers=size.workers,
            memory_limit=size.memory_limit,
            announce=lambda line: say(line, error=True),
        )
    else:
        from helpers.scoring.pandas_engine import score_file

        summary = score_file(*common)
    for note in summary.notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in summary.problems[:10]:
        say(f"skipped {problem}", error=True)
    say(
        f"scored {summary.rows_scored:,} customers into {arguments.out} in {summary.seconds:.2f} s "
        f"({summary.rows_per_second:,.0f} per second); skipped {summary.rows_skipped:,} bad rows"
    )
    return 0


def _synth(arguments) -> int:
    from helpers.data.synthetic import generator

    if arguments.next_period_of:
        return _next_period(arguments)
    out = arguments.out.expanduser()
    try:
        if not out.suffix:  # a folder: a Parquet dataset of parts
            from helpers.engine import parquet_dataset

            chunks = generator.chunks_in_layout(arguments.rows, arguments.seed, arguments.layout)
            made = f"rows={arguments.rows} seed={arguments.seed} layout={arguments.layout}"
            path = parquet_dataset.write_blocks(out, {"synthetic": made}, chunks)
        else:
            path = generator.write(arguments.rows, arguments.seed, out, arguments.layout)
    except ValueError as error:  # e.g. fewer rows than the generator's minimum
        raise InputDataError(str(error)) from None
    say(f"wrote {arguments.rows:,} synthetic customers ({arguments.layout} layout) to {path}")
    return 0


def _next_period(arguments) -> int:
    from helpers.data import columns, loading
    from helpers.data.synthetic import generator, next_period

    earlier = loading.read_customers(arguments.next_period_of.expanduser()).customers
    later = next_period.next_period(earlier, arguments.seed)
    path = generator.write_table([later], arguments.out, arguments.layout)
    stayed = int(later[columns.ID].isin(earlier[columns.ID]).sum())
    say(
        f"wrote {len(later):,} customers a period after {arguments.next_period_of.name} to {path}: {stayed:,} stayed, "
        f"{len(earlier) - stayed:,} left, {len(later) - stayed:,} joined"
    )
    return 0


def _calibrate(arguments) -> int:
    from helpers.campaign import response_model
    from helpers.data.synthetic import calibration, generator

    if not arguments.real.is_file():
        raise InputDataError(f"real data not found at {arguments.real}")
    if arguments.synthetic:
        synthetic, source = calibration.load(arguments.synthetic), f"`{arguments.synthetic}`"
    else:
        synthetic = generator.generate(arguments.rows, arguments.seed)
        source = f"`python -m helpers synth --rows {arguments.rows} --seed {arguments.seed}`"
    response_auc = functools.partial(
        response_model.validated_auc,
        reference_year=calibration.REFERENCE_YEAR,
        sampling_threshold=config.default("sampling_threshold"),
        random_state=config.default("random_state"),
    )
    result = calibration.compare(synthetic, calibration.load(arguments.real), response_auc)
    say(f"Synthetic: {source}; real: {arguments.real}")
    say("")
    say(calibration.render(result), keep_newlines=True)
    if arguments.write:
        arguments.write.parent.mkdir(parents=True, exist_ok=True)
        arguments.write.write_text(calibration.document(result, source))
    say("all targets met" if result.met else "some targets missed")
    return 0 if result.met else 1


_COMMANDS = {"report": _report, "check": _check, "score": _score, "synth": _synth, "calibrate": _calibrate}


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a job scheduler stopping the job), raised as Ctrl-C is: whatever handles an interrupt
    (papermill shutting the kernel down, the cluster closing, the spill folder and the staging removed) handles it."""


def _raise_terminated(signal_number, frame):
    """SIGTERM raises ``Terminated``: Python's default would end the process at once, leaving the kernels, the
    workers and a spill folder (20 GB at 50,000,000 customers) behind."""
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        with signals.handled(signal.SIGTERM, _raise_terminated):
            return _COMMANDS[arguments.command](arguments)
    except (InputDataError, ModelFileError) as error:
        say(f"error: {error}", error=True)
        return 2
    except EngineError as error:
        say(f"error: {error}", error=True)
        return 1
    except KeyboardInterrupt as stopped:  # Ctrl-C or SIGTERM: every command publishes whole or not at all
        unchanged = "the previous report, if any," if arguments.command == "report" else "earlier output, if any,"
        how = "terminated" if isinstance(stopped, Terminated) else "interrupted"
        say(f"{how}: the run stopped and {unchanged} is unchanged", error=True)
        return 143 if isinstance(stopped, Terminated) else 130  # 128 + the signal's number, as a shell reports
    except OSError as error:  # the disk or the file system said no (full, read-only, vanished)
        where = f" ({error.filename})" if error.filename else ""
        say(f"error: {error.strerror or error}{where}", error=True)
        # A full disk is the machine's state, not the input's: exit status 1, as a full disk inside a stage.
        return 1 if error.errno == errno.ENOSPC else 2
