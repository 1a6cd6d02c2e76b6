"""pip (pyproject.toml) and conda (environment.yml) users get the same dependency bounds."""

import tomllib

import yaml
from packaging.requirements import Requirement

from helpers.config import PROJECT_ROOT


def _normalised(requirement: str) -> tuple[str, str]:
    parsed = Requirement(requirement)
    return parsed.name.lower().replace("_", "-"), str(parsed.specifier)


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    pip_side = {_normalised(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    conda_side = {
        _normalised(d)
        for d in environment["dependencies"]
        if isinstance(d, str) and not d.startswith(("python", "pip"))
    }
    assert conda_side == pip_side
