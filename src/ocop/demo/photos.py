"""Illustration photos for the demo products: drawn here (no photo is shipped or fetched), marked
"Ảnh minh hoạ / Illustration", so that the catalogue a new user sees after `make run` has pictures,
served through /media/ like any uploaded photo."""

import hashlib
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from ocop.products.models import Product, ProductPhoto

WIDTH, HEIGHT = 800, 600
FONT = Path(__file__).resolve().parent.parent / "certificates" / "fonts" / "DejaVuSerif-Bold.ttf"
CAPTION = "Ảnh minh hoạ / Illustration"


def _colour(name: str) -> tuple[int, int, int]:
    digest = hashlib.sha256(name.encode()).digest()
    return 60 + digest[0] % 120, 80 + digest[1] % 110, 60 + digest[2] % 120


def _wrapped(text: str, font, width: int, draw) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def illustration(name: str) -> bytes:
    """A JPEG: a two-tone card in a colour of the product's own, its name in large letters."""
    base = _colour(name)
    image = Image.new("RGB", (WIDTH, HEIGHT), base)
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, channel + 70) for channel in base)
    draw.ellipse((WIDTH - 420, -160, WIDTH + 160, 420), fill=light)
    draw.rectangle((0, HEIGHT - 90, WIDTH, HEIGHT), fill=(250, 247, 240))
    title = ImageFont.truetype(str(FONT), 54)
    small = ImageFont.truetype(str(FONT), 26)
    y = 150
    for line in _wrapped(name, title, WIDTH - 120, draw)[:4]:
        draw.text((60, y), line, font=title, fill=(255, 255, 255))
        y += 68
    draw.text((60, HEIGHT - 62), CAPTION, font=small, fill=(90, 80, 70))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def demo_photos_load() -> int:
    """One illustration for each demo product that has no photo; returns how many were made."""
    made = 0
    for product in Product.objects.filter(is_demo=True, photos__isnull=True).order_by("pk"):
        photo = ProductPhoto(product=product, caption=CAPTION, width=WIDTH, height=HEIGHT)
        photo.image.save(f"demo-{product.pk}.jpg", ContentFile(illustration(product.name_vi)), save=False)
        photo.save()
        made += 1
    return made
