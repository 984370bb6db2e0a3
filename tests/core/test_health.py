import pytest


def test_healthz_says_the_process_answers_and_nothing_more(client):
    response = client.get("/healthz")  # no django_db mark: any query would fail the test
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_database_cache_storage_and_broker(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["failed"] == []
    assert body["services"]["database"]["ok"] is True
    assert body["services"]["cache"] == {"ok": True, "detail": "LocMemCache"}
    assert body["services"]["storage"] == {"ok": True, "detail": "FileSystemStorage"}
    assert body["services"]["broker"]["detail"] == "inline (no broker configured)"
    assert list(tmp_path.iterdir()) == []  # the probe file is gone


@pytest.mark.django_db
def test_readyz_names_an_unreachable_broker_without_its_address(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_BROKER_URL = "redis://:s3cret-pass@127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert response.json()["services"]["broker"]["ok"] is False
    assert "s3cret" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_names_an_unreachable_cache(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]
    assert response.json()["services"]["cache"] == {"ok": False, "detail": "ConnectionError"}


@pytest.mark.django_db
def test_readyz_names_a_storage_it_cannot_write(client, settings, tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocked}},
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_exempt_from_the_https_redirect_and_the_host_check(client, settings, tmp_path, path):
    settings.MEDIA_ROOT = tmp_path
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["ocop.quangninh.gov.vn"]
    response = client.get(path, HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    # Any other page still gets both: a foreign host is refused, plain HTTP is redirected.
    assert client.get("/catalog/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.get("/catalog/", HTTP_HOST="ocop.quangninh.gov.vn").status_code == 301


def test_development_defaults_are_safe_for_local_use():
    from django.conf import settings

    assert settings.DATABASES["default"]["ENGINE"] in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
