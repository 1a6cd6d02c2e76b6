"""The command line answers at once, documents every option, and takes its defaults from one declaration."""

import subprocess
import sys

import pytest

from helpers import cli, config
from helpers.config import PROJECT_ROOT

COMMANDS = ("report", "check", "score", "synth", "calibrate")
HEAVY = ("sklearn", "pandera", "skops", "pandas", "papermill")


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


def test_report_defaults_are_the_run_settings():
    report = _subcommands()["report"]
    defaults = {action.dest: action.default for action in report._actions}
    for name in (
        "n_clusters",
        "random_state",
        "reference_year",
        "lang",
        "sampling_threshold",
        "contact_cost",
        "revenue",
    ):
        assert defaults[name] == config.default(name), name
    assert defaults["cell_timeout"] == config.CELL_TIMEOUT


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


@pytest.mark.parametrize("option", [("--contact-cost", "-1"), ("--revenue", "0"), ("--revenue", "eleven")], ids=str)
def test_impossible_economics_are_refused(option, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli._parser().parse_args(["report", *option])
    assert exit_.value.code == 2 and option[0] in capsys.readouterr().err
