"""deploy/nginx/ocop.conf for real: nginx in front of gunicorn, uploaded files through X-Accel-Redirect."""

import os
import re
import shutil
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.deploy.servers import ROOT, free_port, serving
from tests.deploy.test_serve import prepared_site


@pytest.fixture(scope="module", autouse=True)
def _nginx_installed():
    if shutil.which("nginx") is None or shutil.which("openssl") is None:
        if os.environ.get("CI"):
            pytest.fail("nginx and openssl must be installed in CI (.ci/run installs them)")
        pytest.skip("nginx or openssl is not installed")


def site_config(tmp: Path, *, web_port: int, http_port: int, https_port: int, media: Path, static: Path) -> str:
    """The shipped site, with this machine's ports, folders and a throwaway certificate."""
    site = (ROOT / "deploy" / "nginx" / "ocop.conf").read_text()
    upstream = f"server 127.0.0.1:{web_port};"
    site = re.sub(r"server 127\.0\.0\.1:800[12] [^;]*;", upstream, site, count=1)
    site = re.sub(r"\n\s*server 127\.0\.0\.1:800[12] [^;]*;", "", site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace("listen [::]:80;", "")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = site.replace("listen [::]:443 ssl http2;", "")
    site = site.replace("/etc/letsencrypt/live/ocop.quangninh.gov.vn/fullchain.pem", str(tmp / "cert.pem"))
    site = site.replace("/etc/letsencrypt/live/ocop.quangninh.gov.vn/privkey.pem", str(tmp / "key.pem"))
    site = site.replace("/srv/ocop/media/", f"{media}/").replace("/srv/ocop/static/", f"{static}/")
    site = site.replace("/var/www/letsencrypt", str(tmp))
    return f"""
user root;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    {site}
}}
"""


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    var = tmp / "var"
    env, photo_url, document_url = prepared_site(
        var, OCOP_MEDIA_X_ACCEL_PREFIX="/_protected/media/", OCOP_TRUSTED_PROXIES="127.0.0.1"
    )
    static = tmp / "static"
    static.mkdir()
    (static / "probe.css").write_text("body { color: #123; }")
    web_port, http_port, https_port = free_port(), free_port(), free_port()
    config = tmp / "nginx.conf"
    config.write_text(
        site_config(
            tmp, web_port=web_port, http_port=http_port, https_port=https_port, media=var / "media", static=static
        )
    )
    check = subprocess.run(["nginx", "-t", "-c", str(config)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    with serving(env, port=web_port):
        nginx = subprocess.Popen(["nginx", "-c", str(config)], stderr=subprocess.DEVNULL)
        try:
            time.sleep(0.5)
            yield {
                "https": f"https://127.0.0.1:{https_port}",
                "http": f"http://127.0.0.1:{http_port}",
                "photo": photo_url,
                "document": document_url,
                "access_log": tmp / "access.log",
            }
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str) -> tuple[int, dict, bytes]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the throwaway certificate of this test
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), _NoRedirect)
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_public_photo_is_sent_by_nginx_after_django_said_yes(proxied):
    status, headers, body = fetch(proxied["https"] + proxied["photo"])
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG")
    assert headers["Server"].startswith("nginx")
    assert "X-Accel-Redirect" not in headers  # nginx consumed it
    assert headers["Cache-Control"] == "public, max-age=86400"  # Django's answer, kept by nginx
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])  # nginx's $request_id, kept by Django


def test_a_private_file_is_not_sent_and_the_internal_location_is_unreachable(proxied):
    status, headers, body = fetch(proxied["https"] + proxied["document"])
    assert status == 302
    assert headers["Location"].startswith("/accounts/login/")
    assert b"private" not in body
    name = proxied["document"].removeprefix("/media/")
    status, _headers, body = fetch(f"{proxied['https']}/_protected/media/{name}")
    assert status == 404
    assert b"private" not in body


def test_static_files_come_from_nginx_and_plain_http_is_redirected(proxied):
    status, headers, body = fetch(proxied["https"] + "/static/probe.css")
    assert (status, body) == (200, b"body { color: #123; }")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    status, headers, _body = fetch(proxied["http"] + "/catalog/")
    assert status == 301
    assert headers["Location"].startswith("https://127.0.0.1")
