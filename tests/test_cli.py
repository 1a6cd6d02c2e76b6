"""The command line answers at once, documents every option, and takes its defaults from one declaration."""

import importlib
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest

from helpers import cli, config
from helpers.config import PROJECT_ROOT

COMMANDS = ("report", "check", "score", "synth", "calibrate")
HEAVY = ("sklearn", "pandera", "skops", "pandas", "papermill")
# The options `make report` passes when their variable is set.
MAKEFILE_FLAGS = {
    "--data",
    "--date-order",
    "--sheet",
    "--impute-income",
    "--out",
    "--k",
    "--sample-rows",
    "--lang",
    "--contact-cost",
    "--revenue",
    "--previous",
    "--budget",
    "--max-contacts",
    "--engine",
    "--scheduler",
    "--workers",
    "--memory-limit",
}


@pytest.mark.parametrize("arguments", [("--help",), *((command, "--help") for command in COMMANDS)], ids=str)
def test_help_answers_without_loading_the_analysis_libraries(arguments):
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "helpers", *arguments],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 0 and "usage:" in result.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert not imported & set(HEAVY)


def _subcommands():
    parser = cli._parser()
    return next(action for action in parser._actions if action.dest == "command").choices


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_and_option_is_described(command):
    subcommand = _subcommands()[command]
    assert subcommand.description
    for action in subcommand._actions:
        assert action.help, f"{command} {action.option_strings}"


def _options(command: str) -> dict:
    return {action.dest: action for action in _subcommands()[command]._actions}


def test_every_run_setting_is_an_option_of_report_as_declared():
    options = _options("report")
    for name in config.parameter_names():
        option, declared = options[name], config.command_line(name)
        assert option.option_strings == [declared["flag"]], name
        assert option.default == declared.get("command_line_default", config.default(name)), name
        assert option.type is declared.get("type") and option.choices == declared.get("choices"), name
        assert option.help == declared.get("command_line_help", config.help_text(name)), name
    assert options["impute_income"].nargs == 0 and options["impute_income"].default is False
    assert options["cell_timeout"].default == config.CELL_TIMEOUT


def test_the_flags_the_makefile_passes_are_options_of_report():
    flags = {flag for action in _subcommands()["report"]._actions for flag in action.option_strings}
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    definitions = makefile[makefile.index("DATA_OPTIONS =") : makefile.index(".PHONY")]
    passed = set(re.findall(r"--[a-z][a-z-]*", definitions))
    assert passed == MAKEFILE_FLAGS
    assert passed <= flags


def test_report_without_options_runs_the_default_settings_on_the_embedded_data():
    settings = cli._run_settings(cli._parser().parse_args(["report"]))
    assert settings == config.RunSettings(output_dir=str(config.DEFAULT_REPORT_DIR))
    assert config.data_file(settings.data_path) == config.DEFAULT_DATA
    assert "embedded" in _options("report")["data_path"].help


def test_report_hands_every_option_on_and_paths_as_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    arguments = cli._parser().parse_args(
        ["report", "--data", "in.csv", "--out", "run", "--previous", "old", "--k", "5", "--lang", "id"]
        + ["--date-order", "mdy", "--sheet", "Clients", "--impute-income", "--revenue", "12", "--random-state", "7"]
    )
    settings = cli._run_settings(arguments)
    assert (settings.data_path, settings.output_dir, settings.previous) == tuple(
        str(tmp_path.resolve() / name) for name in ("in.csv", "run", "old")
    )
    assert (settings.n_clusters, settings.lang, settings.date_order, settings.sheet) == (5, "id", "mdy", "Clients")
    assert (settings.impute_income, settings.revenue, settings.random_state) == (True, 12.0, 7)
    assert settings.contact_cost is None and settings.previous


def test_check_takes_the_settings_it_uses_and_checks_the_embedded_data_without_one(capsys):
    options = _options("check")
    used = {"data_path", "n_clusters", "reference_year", "date_order", "sheet", "impute_income", "lang"}
    assert used <= set(options) and not (set(config.parameter_names()) - used) & set(options)
    assert not options["data_path"].required and options["data_path"].option_strings == ["--data"]
    # As report: no --data (make check without DATA) is the embedded default data.
    assert cli.main(["check"]) == 0
    assert capsys.readouterr().out.startswith(f"{config.DEFAULT_DATA}:")


def test_score_writes_personas_in_the_language_asked():
    score = _subcommands()["score"]
    assert "--lang {en,id}" in score.format_usage()
    language = _options("score")["lang"]
    assert language.help == "language of the persona names and actions written to the output"
    assert language.default == "en" and language.choices == config.LANGUAGES
    assert _options("score")["date_order"].help == config.help_text("date_order")


@pytest.mark.parametrize(
    ("engine", "module", "function"),
    [
        ("pandas", "helpers.scoring.pandas_engine", "score_file"),
        ("dask", "helpers.scoring.dask_engine", "score_on_dask"),
    ],
)
def test_score_passes_the_language_to_the_scorer(engine, module, function, monkeypatch, tmp_path):
    received = {}

    def scorer(model, data, out, options, **keywords):
        received["options"] = options
        return SimpleNamespace(notes=[], problems=[], rows_scored=0, seconds=0.0, rows_per_second=0.0, rows_skipped=0)

    monkeypatch.setattr(importlib.import_module(module), function, scorer)
    command = ["score", "--model", "m.skops", "--data", "in.csv", "--out", str(tmp_path / "out.csv")]
    assert cli.main([*command, "--engine", engine, "--lang", "id"]) == 0
    # The scorer is handed the naming in Indonesian: a model's keys come back with Indonesian names and actions.
    model = {"persona_keys": ["high-value/families"], "persona_plays": [["loyalty_exclusivity"]]}
    named = received["options"].name_personas(model)
    assert named["persona_names"] == ["Keluarga Bernilai Tinggi"]
    assert named["persona_actions"][0].startswith("Pertahankan")


def _make_report_command(*variables: str) -> list[str]:
    """The command ``make report`` would run, from a dry run."""
    dry_run = subprocess.run(
        ["make", "--dry-run", "--no-print-directory", "report", *variables],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=True,
    )
    return next(line for line in dry_run.stdout.splitlines() if "-m helpers report" in line).split()


def test_make_passes_no_option_unless_asked():
    """The Makefile leaves the defaults to the command line, so they are declared once."""
    assert _make_report_command()[-3:] == ["-m", "helpers", "report"]
    assert _make_report_command("K=5", "REPORT_LANG=id")[-4:] == ["--k", '"5"', "--lang", '"id"']


def test_make_passes_the_campaign_economics_only_when_set():
    assert "--contact-cost" not in _make_report_command() and "--revenue" not in _make_report_command()
    assert _make_report_command("CONTACT_COST=2.5", "REVENUE=12")[-4:] == [
        "--contact-cost",
        '"2.5"',
        "--revenue",
        '"12"',
    ]


def test_make_passes_the_budget_only_when_set():
    assert "--budget" not in _make_report_command() and "--max-contacts" not in _make_report_command()
    passed = _make_report_command("BUDGET=600", "MAX_CONTACTS=150")
    assert passed[-4:] == ["--budget", '"600"', "--max-contacts", '"150"']


@pytest.mark.parametrize(
    "option",
    [
        ("--contact-cost", "-1"),
        ("--revenue", "0"),
        ("--revenue", "eleven"),
        ("--budget", "-300"),
        ("--budget", "0"),
        ("--max-contacts", "0"),
        ("--max-contacts", "2.5"),
    ],
    ids=str,
)
def test_impossible_economics_are_refused(option, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli._parser().parse_args(["report", *option])
    assert exit_.value.code == 2 and option[0] in capsys.readouterr().err


# --- the engine and the cluster: one declaration for report and score ------------------------------------------

CLUSTER_OPTIONS = ("engine", "scheduler", "workers", "memory_limit")


def test_report_and_score_take_the_engine_options_alike():
    report, score = _options("report"), _options("score")
    for name in CLUSTER_OPTIONS:
        declared = [
            (a.option_strings, a.choices, a.type, a.default, a.help, a.metavar) for a in (report[name], score[name])
        ]
        assert declared[0] == declared[1], name
    assert report["engine"].default == "auto" and report["engine"].choices == config.ENGINES


@pytest.mark.parametrize(
    "option",
    [("--memory-limit", "12"), ("--memory-limit", "lots"), ("--scheduler", "http://host:8786"), ("--workers", "0")],
    ids=str,
)
def test_a_bad_engine_option_reads_the_same_on_both_commands(option, capsys):
    messages = []
    for command in (["report"], ["score", "--model", "m", "--data", "d", "--out", "o"]):
        with pytest.raises(SystemExit) as exit_:
            cli._parser().parse_args([*command, *option])
        assert exit_.value.code == 2
        messages.append(capsys.readouterr().err.split(": error: ")[1].split(" (see ")[0])
    assert messages[0] == messages[1] and option[0] in messages[0]


def test_the_dask_options_that_cannot_apply_are_refused(tmp_path, capsys, monkeypatch):
    import helpers.report.runner

    monkeypatch.setattr(helpers.report.runner, "run_report", lambda *a, **k: pytest.fail("the report ran"))
    assert cli.main(["report", "--engine", "pandas", "--workers", "3"]) == 2
    assert "--workers only apply to the Dask engine" in capsys.readouterr().err
    assert cli.main(["report", "--scheduler", "tcp://127.0.0.1:8786", "--memory-limit", "1GiB"]) == 2
    assert "with --scheduler the cluster's own workers run the report." in capsys.readouterr().err


def _report_settings(monkeypatch, *options) -> config.RunSettings:
    import helpers.report.runner

    received = []
    monkeypatch.setattr(helpers.report.runner, "run_report", lambda settings, **_: received.append(settings) or "i")
    assert cli.main(["report", *options]) == 0
    return received[0]


def test_the_report_says_which_engine_runs_and_why(monkeypatch, capsys):
    size = config.DEFAULT_DATA.stat().st_size // config.CSV_BYTES_PER_CUSTOMER
    assert _report_settings(monkeypatch).engine == "pandas"
    first_line = capsys.readouterr().out.splitlines()[0]
    assert (
        first_line
        == f"engine: pandas (the input holds about {size:,} customers, below the 20,000,000 at which Dask pays)"
    )
    assert _report_settings(monkeypatch, "--engine", "pandas").engine == "pandas"
    assert capsys.readouterr().out.splitlines()[0] == "engine: pandas (--engine pandas)"
    # An input large enough for Dask runs on Dask, a rerun against an earlier report too.
    monkeypatch.setattr(config, "DASK_AUTO_ROWS", 100)
    assert _report_settings(monkeypatch).engine == "dask"
    assert capsys.readouterr().out.splitlines()[0].endswith("customers, at least 100)")
    assert _report_settings(monkeypatch, "--previous", "outputs/report").engine == "dask"
    assert capsys.readouterr().out.splitlines()[0].endswith("customers, at least 100)")
    assert _report_settings(monkeypatch, "--engine", "dask").engine == "dask"
    assert capsys.readouterr().out.splitlines()[0] == "engine: dask (--engine dask)"


def test_make_passes_the_engine_options_only_when_set():
    assert not {"--engine", "--scheduler", "--workers", "--memory-limit"} & set(_make_report_command())
    command = _make_report_command("ENGINE=pandas", "SCHEDULER=tcp://h:1", "WORKERS=3", "MEMORY_LIMIT=2GiB")
    assert command[-8:] == ["--engine", '"pandas"', "--scheduler", '"tcp://h:1"', "--workers", '"3"'] + [
        "--memory-limit",
        '"2GiB"',
    ]


@pytest.mark.parametrize(
    ("number", "status"), [("ENOSPC", 1), ("EROFS", 2)], ids=["disk full: exit 1", "read-only: exit 2"]
)
def test_the_disk_saying_no_in_a_commands_own_steps_is_one_line(monkeypatch, capsys, number, status):
    import errno
    import os

    def writes_to_the_disk(arguments):
        code = getattr(errno, number)
        raise OSError(code, os.strerror(code), "/data/customers.parquet")

    monkeypatch.setitem(cli._COMMANDS, "synth", writes_to_the_disk)
    assert cli.main(["synth", "--rows", "10", "--out", "customers.parquet"]) == status
    code = getattr(errno, number)
    assert capsys.readouterr().err == f"error: {os.strerror(code)} (/data/customers.parquet)\n"
