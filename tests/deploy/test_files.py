"""The deployment files and the operator guide say the same as the code."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "ocop" / "settings.py"
GUIDE = ROOT / "docs" / "operations.md"
READ = re.compile(
    r"""(?:os\.environ\.get|os\.environ\[|env_bool|env_list|os\.environ\.setdefault)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}


def variables_read(path: Path) -> set[str]:
    return set(READ.findall(path.read_text())) - NOT_SETTINGS


def documented() -> set[str]:
    table = [line for line in GUIDE.read_text().splitlines() if line.startswith("| `")]
    return {name for line in table for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split(" | ")[0])}


def test_every_variable_read_by_the_code_is_read_in_settings_and_documented():
    in_settings = variables_read(SETTINGS)
    elsewhere = {
        str(path.relative_to(ROOT)): variables_read(path) - in_settings
        for path in (ROOT / "src" / "ocop").rglob("*.py")
        if path != SETTINGS
    }
    assert {path: names for path, names in elsewhere.items() if names} == {}
    assert sorted(in_settings - documented()) == []


def test_the_environment_template_sets_only_known_variables_and_every_production_requirement():
    template = (ROOT / "deploy" / "ocop.env.example").read_text()
    names = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", template, flags=re.MULTILINE))
    assert sorted(names - variables_read(SETTINGS)) == []
    required = {
        "OCOP_ENV",
        "SECRET_KEY",
        "OCOP_VERIFICATION_KEY",
        "OCOP_PUBLIC_BASE_URL",
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "OCOP_MEDIA_ROOT",
    }
    active = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", template, flags=re.MULTILINE))
    assert sorted(required - active) == []


def test_the_units_run_what_make_run_runs():
    web = (ROOT / "deploy" / "systemd" / "ocop-web@.service").read_text()
    assert "ExecStart=/srv/ocop/app/.venv/bin/gunicorn -c python:ocop.gunicorn_conf" in web
    assert "Environment=PORT=%i" in web
    for unit in ("ocop-web@.service", "ocop-worker.service", "ocop-beat.service"):
        text = (ROOT / "deploy" / "systemd" / unit).read_text()
        assert "EnvironmentFile=/etc/ocop/ocop.env" in text
        assert "User=ocop" in text


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_units_are_valid_for_systemd(tmp_path):
    for unit in (ROOT / "deploy" / "systemd").iterdir():
        target = tmp_path / (unit.name.replace("@", "@8001") if "@" in unit.name else unit.name)
        target.write_text(unit.read_text())
        result = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", str(target)], capture_output=True, text=True, check=False
        )
        problems = [
            line
            for line in result.stderr.splitlines()
            # The machine running the tests has no /srv/ocop, no ocop user and perhaps no systemd running.
            if line.strip()
            and not re.search(
                r"/srv/ocop|not executable|No such file|Failed to|ocop\.env|System has not been booted", line
            )
        ]
        assert problems == [], unit.name


def test_the_nginx_site_hands_media_to_django_and_keeps_the_files_internal():
    site = (ROOT / "deploy" / "nginx" / "ocop.conf").read_text()
    internal = re.search(r"location /_protected/media/ \{(.*?)\}", site, flags=re.DOTALL).group(1)
    assert "internal;" in internal
    assert "alias /srv/ocop/media/;" in internal
    assert "location /media/" not in site  # never a public media folder
    assert "proxy_set_header X-Request-ID $request_id;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    template = (ROOT / "deploy" / "ocop.env.example").read_text()
    assert "OCOP_MEDIA_X_ACCEL_PREFIX=/_protected/media/" in template
