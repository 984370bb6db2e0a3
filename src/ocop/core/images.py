"""Opening an uploaded image without letting it take the server down.

A small file can decode to gigabytes (a 12000 × 12000 PNG is 150 KB and 576 MB decoded). The
width and height are read from the header, and the format checked, before a single pixel is
decoded; an image over `OCOP_IMAGE_MAX_PIXELS` is refused with a ValidationError naming the field.
Pillow's own guard (`Image.MAX_IMAGE_PIXELS`: a warning above it, `DecompressionBombError` above
twice it) stays on for every other caller; here both become the same clear refusal.
"""

import warnings
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError


def max_pixels() -> int:
    return int(settings.OCOP_IMAGE_MAX_PIXELS)


def _millions(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}"


def open_checked_image(upload: IO[bytes], *, field: str, formats: set[str]) -> Image.Image:
    """The image, opened lazily (header read, nothing decoded) and checked: format and pixel count.

    Raises ValidationError({field: message}) for a file that is not an image of `formats`, or whose
    decoded size would be over the limit. The caller decodes it (thumbnail, load) afterwards.
    """
    limit = max_pixels()
    unreadable = ValidationError({field: _("Tệp không phải là ảnh JPEG, PNG hoặc WebP đọc được.")})
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                probe.verify()
            upload.seek(0)
            image = Image.open(upload)
    except Image.DecompressionBombError:
        raise ValidationError(
            {
                field: _(
                    "Ảnh quá lớn: hơn %(pixels)s triệu điểm ảnh khi giải nén. Tối đa %(limit)s triệu điểm ảnh "
                    "(ví dụ 8000 × 5000); hãy thu nhỏ ảnh rồi tải lên lại."
                )
                % {"pixels": _millions(2 * Image.MAX_IMAGE_PIXELS), "limit": _millions(limit)}
            }
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise unreadable from None
    if image.format not in formats:
        image.close()
        raise ValidationError({field: _("Chỉ nhận ảnh JPEG, PNG hoặc WebP.")})
    width, height = image.size
    if width * height > limit:
        image.close()
        raise ValidationError(
            {
                field: _(
                    "Ảnh quá lớn: %(width)s × %(height)s điểm ảnh (%(pixels)s triệu). Tối đa %(limit)s triệu "
                    "điểm ảnh (ví dụ 8000 × 5000); hãy thu nhỏ ảnh rồi tải lên lại."
                )
                % {"width": width, "height": height, "pixels": _millions(width * height), "limit": _millions(limit)}
            }
        )
    return image


def decoded_thumbnail(image: Image.Image, *, max_side: int) -> Image.Image:
    """Decode a checked image and shrink it to at most `max_side` pixels a side, upright (EXIF).

    Memory stays near one decoded copy: a JPEG is decoded at a reduced scale (draft); any other image
    is box-reduced by a whole factor in one pass to about the target size, channel by channel, without
    the full-size premultiplied copy Pillow's own reduce and resize make of an image with alpha.
    """
    image.draft("RGB", (max_side, max_side))
    image.load()
    if image.mode in ("P", "1", "PA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB")
    factor = max(image.size) // max_side
    if factor > 1:
        if image.mode in ("RGBA", "LA"):
            # The transparency is dropped for the JPEG anyway: average each channel on its own.
            reduced = image._new(image.im.reduce((factor, factor), (0, 0, *image.size)))
        else:
            reduced = image.reduce(factor)
        image.close()
        image = reduced
    image.thumbnail((max_side, max_side))
    return ImageOps.exif_transpose(image)
