"""`manage.py ocop_serve` (what `make run` runs): gunicorn on OCOP_BIND_ADDRESS:PORT, after checking
that the port is free, so that a busy port says so (and how to choose another) instead of a traceback."""

import os
import socket
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


def port_is_free(address: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does: TIME_WAIT is not busy
        try:
            probe.bind((address, port))
        except OSError:
            return False
    return True


class Command(BaseCommand):
    help = "Serve the platform with gunicorn on OCOP_BIND_ADDRESS:PORT."

    def handle(self, *args, **options):
        address, port = settings.OCOP_BIND_ADDRESS, settings.PORT
        if not port_is_free(address, port):
            raise CommandError(
                _("Cổng %(port)s trên %(address)s đang bận. Chạy với cổng khác, ví dụ: make run PORT=%(next)s")
                % {"port": port, "address": address, "next": port + 1}
            )
        self.stdout.write(_("Đang phục vụ tại %(url)s (dừng: Ctrl+C)") % {"url": settings.OCOP_SITE_URL})
        self.stdout.flush()
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        src = str(settings.BASE_DIR / "src")
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH", "")]))
        os.execv(gunicorn, [gunicorn, "-c", "python:ocop.gunicorn_conf", "--chdir", str(settings.BASE_DIR)])  # noqa: S606
