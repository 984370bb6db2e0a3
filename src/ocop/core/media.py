"""Uploaded files, served only after the policy says yes.

Every uploaded file lives under /media/<name> (local folder or bucket; ocop.core.storage). This
view finds the row that owns the name (the model fields whose upload folder the name is in), then:

- a file listed in settings.OCOP_PUBLIC_FILES whose row is public (a product photo of the public
  catalogue, a producer's logo) is served to anyone, cacheable;
- any other file only to a user that `accounts.policy.may_view` lets see the row (evidence files,
  certification documents, agreements, imports…), never cached by a shared cache; a visitor who is
  not logged in is sent to the login page, anyone else gets 404, as for a file that does not exist.

Behind nginx with OCOP_MEDIA_X_ACCEL_PREFIX set (and the local folder), the answer is an
X-Accel-Redirect to nginx's internal location; otherwise the file is streamed from the storage.
"""

import mimetypes
import posixpath
from functools import cache
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe

from ocop.accounts.policy import PUBLIC, may_view, permission

# Shown in the browser; anything else is downloaded, so an uploaded HTML or SVG file never runs on our site.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}
PUBLIC_MAX_AGE = 24 * 60 * 60


@cache
def file_fields() -> list[tuple[str, type[models.Model], models.FileField, str]]:
    """(label "app.Model.field", model, field, folder prefix) of every file field of the project."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and not field.many_to_many:
                upload_to = field.upload_to if isinstance(field.upload_to, str) else ""
                prefix = upload_to.split("%", 1)[0]
                found.append((f"{model._meta.label}.{field.name}", model, field, prefix))
    return found


def clean_name(raw: str) -> str | None:
    """The storage name of a request path, or None when it tries to leave the media folder."""
    if not raw or "\\" in raw or "\x00" in raw or raw.startswith("/"):
        return None
    name = posixpath.normpath(raw)
    if name != raw or name.startswith(("..", "/")) or "/../" in f"/{name}/":
        return None
    return name


def owner_of(name: str) -> tuple[str, models.FileField, models.Model] | None:
    """The row whose file field holds `name`, with the field and its label."""
    for label, model, field, prefix in file_fields():
        if prefix and not name.startswith(prefix):
            continue
        obj = model._default_manager.filter(**{field.name: name}).first()
        if obj is not None:
            return label, field, obj
    return None


def is_public(label: str, obj: models.Model) -> bool:
    selector = settings.OCOP_PUBLIC_FILES.get(label)
    return bool(selector) and import_string(selector)().filter(pk=obj.pk).exists()


def file_response(storage, name: str, *, public: bool) -> HttpResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    filename = posixpath.basename(name)
    prefix = settings.OCOP_MEDIA_X_ACCEL_PREFIX
    if prefix and isinstance(storage, FileSystemStorage):
        if not storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        disposition = "inline" if inline else "attachment"
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    else:
        try:
            handle = storage.open(name, "rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-store"
    return response


@require_safe
@permission(PUBLIC)
def media(request, name: str):
    name = clean_name(name)
    if name is None:
        raise Http404
    found = owner_of(name)
    if found is None:
        raise Http404
    label, field, obj = found
    if is_public(label, obj):
        return file_response(field.storage, name, public=True)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_view(request.user, obj):
        raise Http404
    return file_response(field.storage, name, public=False)
