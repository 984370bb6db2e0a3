"""File storage: a private S3-compatible bucket whose files are reached only through our media view.

django-storages' S3Storage would hand out presigned bucket URLs that anyone holding them can open
for an hour. Here `url()` is our own /media/<name>, like the local storage's, so every download
passes the policy check in ocop.core.media, which streams the object from the bucket.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"
