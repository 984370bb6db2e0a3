"""House rules kept in code: the pre-commit hooks need nothing but .venv, pytest keeps its cache."""

import ast
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


# Django's and the standard library's public names that start with an underscore.
_PUBLIC_UNDERSCORE = {"_meta", "_default_manager", "_base_manager", "_replace", "_asdict", "_fields"}


def _private_names_used_across_modules(source: str) -> list[str]:
    """`from X import _name` and `X._name` where X came from an import: a private name of another module."""
    tree = ast.parse(source)
    imported: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
                imported.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            imported.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr not in _PUBLIC_UNDERSCORE
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_private_name_is_imported_across_modules():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for line in _private_names_used_across_modules(path.read_text())
    ]
    assert found == []


def test_the_private_name_check_finds_both_forms():
    source = "from ocop.a import _lock, public\nfrom ocop import b\nb._refuse()\nModel._meta\n_own()\n"
    assert _private_names_used_across_modules(source) == ["1: from ocop.a import _lock", "3: b._refuse"]


def _asserts_that_hide_what_failed(source: str) -> list[str]:
    """`assert a and b` and `assert all(...)` without a message: a failure says only "False"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Assert) or node.msg is not None:
            continue
        test = node.test
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            found.append(f"{node.lineno}: assert … and …")
        elif isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "all":
            found.append(f"{node.lineno}: assert all(…)")
    return found


def test_no_test_asserts_a_compound_or_all_without_showing_what_failed():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for line in _asserts_that_hide_what_failed(path.read_text())
    ]
    assert found == []


def test_the_assert_check_finds_both_forms_and_allows_a_message():
    source = "assert a and b\nassert all(x for x in y)\nassert all(y), y\nassert a == [1]\nassert a or b\n"
    assert _asserts_that_hide_what_failed(source) == ["1: assert … and …", "2: assert all(…)"]
