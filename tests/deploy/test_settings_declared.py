"""Every setting the code reads is declared in settings.py, and every OCOP_ one in the operations guide.

A `settings.NAME` read that settings.py does not assign (nor Django's own defaults) would be an
AttributeError at the first request that reaches it; a `getattr(settings, "NAME", default)` hides the
default where no operator looks. The guide's tables (environment variables, and the settings set in
settings.py only) are where an operator finds what each OCOP_ setting means.
"""

import ast
import re

from django.conf import global_settings

from tests.deploy.test_files import GUIDE, ROOT, SETTINGS

SOURCE = ROOT / "src" / "ocop"


def settings_reads(source: str) -> list[tuple[str, int, bool]]:
    """(name, line, has a default) for each setting read in `source`: `settings.NAME` or getattr(settings, …).

    Only where `settings` is django.conf's (imported with `from django.conf import settings`).
    """
    tree = ast.parse(source)
    imported = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "django.conf"
        and any(alias.name == "settings" and alias.asname is None for alias in node.names)
        for node in ast.walk(tree)
    )
    if not imported:
        return []
    reads = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "settings":
            if node.attr.isupper():
                reads.append((node.attr, node.lineno, False))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "hasattr"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
        ):
            reads.append((node.args[1].value, node.lineno, len(node.args) > 2 or node.func.id == "hasattr"))
    return reads


def declared() -> set[str]:
    tree = ast.parse(SETTINGS.read_text())
    names = {name for name in dir(global_settings) if name.isupper()}
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and name.id.isupper():
                    names.add(name.id)
    return names


def guide_names() -> set[str]:
    rows = [line for line in GUIDE.read_text().splitlines() if line.startswith("| `")]
    return {name for line in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split(" | ")[0])}


def all_reads() -> dict[str, list[tuple[str, int, bool]]]:
    return {
        str(path.relative_to(ROOT)): settings_reads(path.read_text())
        for path in sorted(SOURCE.rglob("*.py"))
        if path != SETTINGS
    }


def test_the_collector_finds_reads_of_django_settings_only():
    source = (
        "from django.conf import settings\n"
        "a = settings.OCOP_SITE_URL\n"
        "b = getattr(settings, 'OCOP_X', 3)\n"
        "c = other.settings.NOT_THIS\n"
        "d = settings.configured\n"
    )
    assert settings_reads(source) == [("OCOP_SITE_URL", 2, False), ("OCOP_X", 3, True)]
    assert settings_reads("settings = object()\nsettings.FOO\n") == []


def test_every_setting_read_is_declared_in_settings_py_without_a_default_at_the_read():
    known = declared()
    undeclared = [
        f"{path}:{line} {name}" for path, reads in all_reads().items() for name, line, _ in reads if name not in known
    ]
    defaulted = [
        f"{path}:{line} {name}" for path, reads in all_reads().items() for name, line, default in reads if default
    ]
    assert undeclared == []
    assert defaulted == []


def test_every_ocop_setting_read_is_in_the_operations_guide():
    read = {name for reads in all_reads().values() for name, _, _ in reads if name.startswith("OCOP_")}
    assert sorted(read - guide_names()) == []
