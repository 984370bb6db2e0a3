"""Production settings refuse to be wrong: each test loads the settings in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "OCOP_ENV": "production",
    "SECRET_KEY": "k" * 40 + "-production-secret-for-the-check-only-9f8e7d6c5b4a",
    "OCOP_VERIFICATION_KEY": "v" * 40 + "-verification-key-for-the-check-only-1a2b3c",
    "OCOP_PUBLIC_BASE_URL": "https://ocop.quangninh.gov.vn",
    "DATABASE_URL": "postgres://ocop:secret@127.0.0.1:5432/ocop",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "ocop-files",
}
# Every variable the settings read, so that the machine's environment cannot leak into a test.
READ = [*PRODUCTION, "OCOP_MEDIA_ROOT", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "PORT", "LOG_FORMAT"]


def run(code: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in READ and not k.startswith(("AWS_", "OCOP_"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT / "src"), "OCOP_VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def load_settings(tmp_path, *names: str, **env: str) -> dict:
    code = f"import json, ocop.settings as s; print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    result = run(code, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_with_everything_set_passes_check_deploy_without_warnings(tmp_path):
    result = run(
        "import sys; sys.argv = ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'];"
        "import runpy; runpy.run_path('manage.py', run_name='__main__')",
        tmp_path,
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "name", ["OCOP_VERIFICATION_KEY", "OCOP_PUBLIC_BASE_URL", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"]
)
def test_production_refuses_to_start_without_each_service_and_names_it(tmp_path, name):
    env = {key: value for key, value in PRODUCTION.items() if key != name}
    result = run("import ocop.settings", tmp_path, **env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: OCOP_ENV=production refuses to start" in result.stderr
    named = result.stderr.split("missing or unusable ", 1)[1]
    assert named.startswith(f"{name} (")
    assert [other for other in PRODUCTION if other != name and f"{other} (" in named] == []


def test_production_refuses_sqlite(tmp_path):
    result = run("import ocop.settings", tmp_path, **{**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert result.returncode != 0
    assert "missing or unusable DATABASE_URL (a PostgreSQL database" in result.stderr


def test_production_needs_a_bucket_or_an_explicit_media_folder(tmp_path):
    env = {key: value for key, value in PRODUCTION.items() if key != "AWS_STORAGE_BUCKET_NAME"}
    result = run("import ocop.settings", tmp_path, **env)
    assert "missing or unusable AWS_STORAGE_BUCKET_NAME (the S3 bucket" in result.stderr
    folder = load_settings(tmp_path, "MEDIA_ROOT", "STORAGES", **env, OCOP_MEDIA_ROOT="/srv/ocop/media")
    assert folder["MEDIA_ROOT"] == "/srv/ocop/media"
    assert folder["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_production_without_a_secret_key_names_it(tmp_path):
    result = run("import ocop.settings", tmp_path, **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when OCOP_ENV=production" in result.stderr


def test_production_settings_derive_hosts_and_origins_from_the_public_address(tmp_path):
    values = load_settings(
        tmp_path,
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "OCOP_SITE_URL",
        "CACHES",
        "STORAGES",
        "LOG_FORMAT",
        "DEBUG",
        **PRODUCTION,
    )
    assert values["ALLOWED_HOSTS"] == ["ocop.quangninh.gov.vn"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://ocop.quangninh.gov.vn"]
    assert values["OCOP_SITE_URL"] == "https://ocop.quangninh.gov.vn"
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["STORAGES"]["default"]["BACKEND"] == "ocop.core.storage.PrivateS3Storage"
    assert values["LOG_FORMAT"] == "json"
    assert values["DEBUG"] is False


def test_key_fallbacks_come_from_the_environment(tmp_path):
    values = load_settings(
        tmp_path,
        "SECRET_KEY_FALLBACKS",
        "OCOP_VERIFICATION_KEY",
        "OCOP_VERIFICATION_KEY_FALLBACKS",
        **PRODUCTION,
        SECRET_KEY_FALLBACKS="old-site-key-1, old-site-key-2",
        OCOP_VERIFICATION_KEY_FALLBACKS="old-stamp-key",
    )
    assert values["SECRET_KEY_FALLBACKS"] == ["old-site-key-1", "old-site-key-2"]
    assert values["OCOP_VERIFICATION_KEY"] == PRODUCTION["OCOP_VERIFICATION_KEY"]
    assert values["OCOP_VERIFICATION_KEY_FALLBACKS"] == ["old-stamp-key"]


def test_in_development_links_use_the_port_actually_served(tmp_path):
    assert load_settings(tmp_path, "OCOP_SITE_URL", PORT="8123") == {"OCOP_SITE_URL": "http://127.0.0.1:8123"}
    assert load_settings(tmp_path, "OCOP_SITE_URL") == {"OCOP_SITE_URL": "http://127.0.0.1:8000"}
    configured = load_settings(tmp_path, "OCOP_SITE_URL", PORT="8123", OCOP_PUBLIC_BASE_URL="https://ocop.example.vn/")
    assert configured == {"OCOP_SITE_URL": "https://ocop.example.vn"}
