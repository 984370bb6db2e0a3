"""House rules kept in code: the pre-commit hooks need nothing but .venv, pytest keeps its cache."""

import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _hooks() -> list[dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    return config["repos"][0]["hooks"]


def test_pre_commit_runs_the_house_rules_from_the_virtualenv():
    hooks = _hooks()
    assert [hook["id"] for hook in hooks] == ["ruff", "ruff-format", "mypy", "makemigrations"]
    assert {hook["language"] for hook in hooks} == {"system"}
    assert [hook["entry"].split()[0] for hook in hooks] == [
        ".venv/bin/ruff",
        ".venv/bin/ruff",
        "bash",
        ".venv/bin/python",
    ]
    assert "exec .venv/bin/mypy" in hooks[2]["entry"]
    assert hooks[3]["entry"] == ".venv/bin/python manage.py makemigrations --check --dry-run"


def test_pre_commit_config_is_valid():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "validate-config", ".pre-commit-config.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pytest_keeps_its_cache_for_last_failed():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "cacheprovider" not in options["addopts"]
    assert ".pytest_cache/" in (ROOT / ".gitignore").read_text().splitlines()
