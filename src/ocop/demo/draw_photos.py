"""Draw the demo products' illustration photos shipped in `src/ocop/demo/media/` (made for the project).

Each picture is a simple drawing of the product (pearls on velvet, a cup of golden camellia tea, a
bottle with its label, squid on a plate…) on a photograph-like lit background, with the product's
name and "Ảnh minh hoạ / Illustration" on a label band: nobody can take it for a real photograph of
a real product. Nothing is downloaded. Run it again only to change the pictures:

    .venv/bin/python -m ocop.demo.draw_photos

It writes one JPEG (800 × 600, under 60 KB) per demo product, named in `ocop.demo.photos.PHOTOS`.
"""

import math
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocop.demo.data import CAPTION, MEDIA, PHOTOS

WIDTH, HEIGHT = 800, 600
SCALE = 2  # drawn at twice the size, then reduced: smooth edges
W, H = WIDTH * SCALE, HEIGHT * SCALE
BAND = 130 * SCALE  # the label band at the bottom
LIFT = 210  # the drawings are placed on a taller canvas whose top this many pixels is cut off
FONT = Path(__file__).resolve().parent.parent / "certificates" / "fonts" / "DejaVuSerif-Bold.ttf"
FONT_ITALIC = FONT.with_name("DejaVuSerif-Italic.ttf")
MAX_BYTES = 60 * 1024

RGB = tuple[int, int, int]
Motif = Callable[[ImageDraw.ImageDraw, random.Random], None]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def backdrop(top: RGB, bottom: RGB, table: RGB, *, height: int) -> Image.Image:
    """A lit wall fading down to a table top, as in a product photograph."""
    image = Image.new("RGB", (W, height), top)
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.58)
    for y in range(horizon):
        draw.line([(0, y), (W, y)], fill=mix(top, bottom, y / horizon))
    for y in range(horizon, height):
        draw.line([(0, y), (W, y)], fill=mix(table, mix(table, (0, 0, 0), 0.35), (y - horizon) / (height - horizon)))
    return image


def shadow(image: Image.Image, box: tuple[int, int, int, int], strength: int = 90) -> None:
    """A soft shadow under an object."""
    layer = Image.new("L", image.size, 0)
    ImageDraw.Draw(layer).ellipse(box, fill=strength)
    layer = layer.filter(ImageFilter.GaussianBlur(18 * SCALE))
    image.paste((0, 0, 0), (0, 0), layer)


def sphere(draw: ImageDraw.ImageDraw, cx: int, cy: int, r: int, dark: RGB, light: RGB) -> None:
    """A shaded ball: concentric discs from the rim to a highlight up and to the left."""
    steps = 28
    for i in range(steps):
        t = i / (steps - 1)
        radius = r * (1 - 0.82 * t)
        x, y = cx - r * 0.3 * t, cy - r * 0.3 * t
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=mix(dark, light, t**0.8))
    hr = r * 0.14
    draw.ellipse((cx - r * 0.45 - hr, cy - r * 0.45 - hr, cx - r * 0.45 + hr, cy - r * 0.45 + hr), fill=(255, 255, 255))


def plate(image: Image.Image, draw: ImageDraw.ImageDraw, cx: int, cy: int, rx: int, ry: int) -> None:
    shadow(image, (cx - rx, cy - ry + 30 * SCALE, cx + rx, cy + ry + 40 * SCALE))
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=(236, 233, 226), outline=(200, 196, 188), width=3 * SCALE)
    draw.ellipse((cx - rx * 0.72, cy - ry * 0.7, cx + rx * 0.72, cy + ry * 0.7), fill=(246, 244, 239))


def pearls(body: RGB, glow: RGB, velvet: RGB) -> Callable[[Image.Image], None]:
    def paint(image: Image.Image) -> None:
        draw = ImageDraw.Draw(image)
        # an open box lined with velvet
        draw.rounded_rectangle((330, 420, W - 330, 1010), radius=40, fill=mix(velvet, (0, 0, 0), 0.4))
        draw.rounded_rectangle((360, 450, W - 360, 980), radius=30, fill=velvet)
        rng = random.Random(7)  # noqa: S311
        # a strand of pearls in an arc, and a few loose ones
        for i in range(17):
            angle = math.pi * (0.1 + 0.8 * i / 16)
            x = W // 2 + int(330 * math.cos(angle))
            y = 560 + int(300 * math.sin(angle))
            sphere(draw, x, y, 38 + rng.randint(-3, 3), body, glow)
        for x, y, r in ((650, 640, 62), (800, 700, 70), (950, 630, 58)):
            sphere(draw, x, y, r, body, glow)

    return paint


def tea(cup: RGB, brew: RGB, box: RGB) -> Callable[[Image.Image], None]:
    def flower(draw: ImageDraw.ImageDraw, cx: int, cy: int, r: int) -> None:
        for k in range(6):
            a = k * math.pi / 3
            px, py = cx + r * 0.55 * math.cos(a), cy + r * 0.55 * math.sin(a)
            draw.ellipse((px - r * 0.5, py - r * 0.5, px + r * 0.5, py + r * 0.5), fill=(236, 182, 32))
        draw.ellipse((cx - r * 0.3, cy - r * 0.3, cx + r * 0.3, cy + r * 0.3), fill=(200, 120, 20))

    def paint(image: Image.Image) -> None:
        draw = ImageDraw.Draw(image)
        # the tea box behind
        draw.rectangle((980, 300, 1340, 900), fill=box)
        draw.rectangle((1010, 420, 1310, 700), fill=(238, 206, 110))
        flower(draw, 1160, 560, 90)
        # the cup and saucer
        shadow(image, (260, 860, 900, 1000))
        draw.ellipse((240, 830, 920, 960), fill=cup, outline=mix(cup, (0, 0, 0), 0.2), width=4)
        draw.chord((330, 420, 830, 900), 0, 180, fill=cup)
        draw.ellipse((330, 560, 830, 700), fill=mix(cup, (0, 0, 0), 0.1))
        draw.ellipse((350, 575, 810, 690), fill=brew)
        draw.arc((790, 610, 930, 780), -80, 110, fill=cup, width=26)
        # steam and flowers in the cup
        for x in (500, 580, 660):
            draw.arc((x - 40, 380, x + 40, 540), 200, 340, fill=(255, 255, 255), width=6)
        flower(draw, 560, 632, 40)
        flower(draw, 660, 620, 30)
        for x, y in ((180, 760), (260, 720), (960, 930)):
            draw.ellipse((x - 60, y - 22, x + 60, y + 22), fill=(70, 120, 50))

    return paint


def bottle(glass: RGB, liquid: RGB, label: RGB, *, tall: float = 1.0, text: str = "") -> Callable[[Image.Image], None]:
    def paint(image: Image.Image) -> None:
        draw = ImageDraw.Draw(image)
        cx, base = W // 2, 1010
        height = int(620 * tall)
        top = base - height
        half = 150
        shadow(image, (cx - 260, base - 50, cx + 260, base + 50))
        draw.rounded_rectangle((cx - half, top + 180, cx + half, base), radius=50, fill=glass)
        draw.pieslice((cx - half, top + 60, cx + half, top + 300), 180, 360, fill=glass)
        draw.rectangle((cx - 45, top - 60, cx + 45, top + 120), fill=glass)
        draw.rounded_rectangle((cx - 55, top - 110, cx + 55, top - 40), radius=10, fill=(170, 40, 40))
        draw.rounded_rectangle((cx - half + 14, top + 260, cx + half - 14, base - 14), radius=40, fill=liquid)
        draw.rectangle((cx - half + 30, top + 200, cx - half + 60, base - 60), fill=mix(glass, (255, 255, 255), 0.6))
        ly = top + 330
        draw.rectangle((cx - half, ly, cx + half, ly + 220), fill=label)
        draw.rectangle((cx - half, ly + 12, cx + half, ly + 20), fill=(190, 150, 60))
        draw.rectangle((cx - half, ly + 200, cx + half, ly + 208), fill=(190, 150, 60))
        if text:
            font = ImageFont.truetype(str(FONT), 38)
            width = draw.textlength(text, font=font)
            draw.text((cx - width / 2, ly + 80), text, font=font, fill=(120, 30, 30))

    return paint


def squid(image: Image.Image) -> None:
    draw = ImageDraw.Draw(image)
    plate(image, draw, W // 2, 820, 620, 200)
    for offset, tint in ((-150, (232, 210, 200)), (150, (226, 196, 186))):
        cx, cy = W // 2 + offset, 800
        draw.polygon(
            [(cx - 300, cy - 70), (cx + 150, cy - 95), (cx + 260, cy), (cx + 150, cy + 95), (cx - 300, cy + 70)],
            fill=tint,
        )
        draw.polygon(
            [(cx + 180, cy - 60), (cx + 330, cy - 130), (cx + 300, cy), (cx + 330, cy + 130), (cx + 180, cy + 60)],
            fill=mix(tint, (180, 120, 110), 0.4),
        )
        for k in range(8):
            y = cy - 50 + k * 14
            draw.line([(cx - 300, y), (cx - 470, y + (k - 4) * 18)], fill=mix(tint, (170, 110, 100), 0.3), width=10)
        for k in range(14):
            x = cx - 250 + k * 30
            draw.ellipse((x, cy - 30 + (k % 3) * 18, x + 10, cy - 20 + (k % 3) * 18), fill=(170, 100, 110))
        draw.ellipse((cx - 250, cy - 30, cx - 210, cy + 10), fill=(40, 40, 50))


def eggs(image: Image.Image) -> None:
    draw = ImageDraw.Draw(image)
    shadow(image, (260, 900, 1340, 1060))
    draw.chord((260, 620, 1340, 1060), 0, 180, fill=(150, 104, 58))
    for k in range(7):
        draw.arc((260 + k * 10, 620 + k * 12, 1340 - k * 10, 1060 - k * 8), 0, 180, fill=(120, 80, 42), width=5)
    rng = random.Random(3)  # noqa: S311
    spots = [(470, 760), (640, 730), (810, 740), (980, 760), (1130, 790), (560, 820), (900, 820), (720, 830)]
    for x, y in spots:
        body = (222, 232, 222) if rng.random() < 0.5 else (206, 224, 214)
        draw.ellipse((x - 85, y - 115, x + 85, y + 95), fill=mix(body, (120, 130, 120), 0.25))
        draw.ellipse((x - 78, y - 110, x + 70, y + 80), fill=body)
        draw.ellipse((x - 50, y - 85, x - 15, y - 40), fill=(250, 252, 250))
    draw.rectangle((260, 840, 1340, 900), fill=(150, 104, 58))


def patties(image: Image.Image) -> None:
    draw = ImageDraw.Draw(image)
    plate(image, draw, W // 2, 820, 600, 210)
    for x, y in ((520, 760), (800, 720), (1080, 760), (660, 880), (940, 880)):
        draw.ellipse((x - 150, y - 70, x + 150, y + 80), fill=(160, 96, 30))
        draw.ellipse((x - 140, y - 80, x + 140, y + 60), fill=(214, 150, 58))
        draw.ellipse((x - 90, y - 55, x + 40, y - 5), fill=(236, 188, 98))
    for x, y in ((300, 820), (1300, 820)):
        draw.ellipse((x - 50, y - 20, x + 50, y + 20), fill=(70, 140, 60))


def dried_strips(image: Image.Image) -> None:
    draw = ImageDraw.Draw(image)
    plate(image, draw, W // 2, 820, 600, 210)
    rng = random.Random(11)  # noqa: S311
    for _ in range(16):
        x, y = rng.randint(380, 1220), rng.randint(700, 920)
        length, bend = rng.randint(180, 300), rng.randint(-60, 60)
        points = [(x + t * length / 10, y + bend * math.sin(t / 10 * math.pi)) for t in range(11)]
        draw.line(points, fill=(120, 82, 50), width=26, joint="curve")
        draw.line(points, fill=(160, 116, 70), width=12, joint="curve")


def vermicelli(image: Image.Image) -> None:
    draw = ImageDraw.Draw(image)
    shadow(image, (300, 900, 1300, 1040))
    rng = random.Random(5)  # noqa: S311
    for k in range(150):
        x0 = 340 + k * 6
        draw.line(
            [
                (x0, 950),
                (x0 + rng.randint(-40, 40), 780),
                (x0 + rng.randint(-30, 30), 600),
                (x0 + rng.randint(-50, 50), 420),
            ],
            fill=mix((120, 110, 100), (205, 195, 180), rng.random()),
            width=3,
            joint="curve",
        )
    draw.rectangle((320, 640, 1280, 720), fill=(196, 40, 40))
    draw.rectangle((320, 660, 1280, 700), fill=(230, 190, 70))


def rice_sack(image: Image.Image) -> None:
    draw = ImageDraw.Draw(image)
    shadow(image, (420, 940, 1180, 1060))
    draw.rounded_rectangle((480, 380, 1120, 1010), radius=80, fill=(232, 218, 186))
    draw.polygon([(480, 420), (560, 300), (1040, 300), (1120, 420)], fill=(220, 204, 168))
    draw.line([(560, 400), (1040, 400)], fill=(150, 110, 60), width=12)
    draw.ellipse((640, 560, 960, 880), fill=(236, 190, 40))
    for k in range(10):
        a = k * math.pi / 5
        x, y = 800 + 115 * math.cos(a), 720 + 115 * math.sin(a)
        draw.ellipse((x - 36, y - 14, x + 36, y + 14), fill=(250, 246, 230))
    rng = random.Random(9)  # noqa: S311
    for _ in range(80):
        x, y = rng.randint(300, 1300), rng.randint(1000, 1080)
        draw.ellipse((x, y, x + 16, y + 8), fill=(250, 248, 238))


# name_vi → (wall top, wall bottom, table, drawing)
SCENES: dict[str, tuple[RGB, RGB, RGB, Callable[[Image.Image], None]]] = {
    "Ngọc trai Hạ Long Akoya": (
        (40, 60, 96),
        (24, 36, 62),
        (70, 50, 40),
        pearls((214, 206, 196), (255, 252, 246), (28, 42, 92)),
    ),
    "Ngọc trai Hạ Long Tahiti": (
        (226, 220, 208),
        (196, 188, 176),
        (120, 92, 70),
        pearls((40, 52, 56), (170, 190, 186), (120, 24, 40)),
    ),
    "Trà hoa vàng Quy Hoa": (
        (242, 232, 206),
        (214, 198, 160),
        (118, 84, 52),
        tea((250, 250, 246), (214, 176, 60), (150, 30, 36)),
    ),
    "Trà hoa vàng Ba Chẽ": (
        (222, 236, 214),
        (188, 206, 174),
        (104, 76, 48),
        tea((236, 246, 240), (196, 160, 48), (36, 96, 60)),
    ),
    "Rượu ba kích Ba Chẽ": (
        (90, 60, 56),
        (54, 36, 34),
        (96, 64, 40),
        bottle((200, 190, 186), (110, 24, 48), (244, 232, 204), text="BA KÍCH"),
    ),
    "Nước khoáng Quang Hanh": (
        (214, 236, 246),
        (170, 206, 224),
        (150, 160, 166),
        bottle((196, 226, 240), (160, 208, 232), (30, 110, 170), tall=1.02),
    ),
    "Mực ống Cô Tô": ((200, 226, 238), (150, 190, 212), (120, 90, 62), squid),
    "Trứng vịt biển Đồng Rui": ((232, 226, 200), (204, 194, 160), (112, 90, 60), eggs),
    "Chả mực Hạ Long": ((246, 226, 200), (222, 192, 156), (110, 78, 50), patties),
    "Sá sùng khô Vân Đồn": ((236, 222, 196), (206, 186, 150), (96, 70, 48), dried_strips),
    "Nước mắm Cái Rồng": (
        (226, 214, 190),
        (196, 178, 146),
        (110, 80, 54),
        bottle((214, 206, 190), (150, 70, 24), (250, 240, 214), tall=0.9, text="NƯỚC MẮM"),
    ),
    "Miến dong Bình Liêu": ((232, 236, 226), (200, 208, 192), (120, 96, 70), vermicelli),
    "Gạo nếp cái hoa vàng Đông Triều": ((240, 232, 210), (212, 198, 166), (126, 94, 62), rice_sack),
}


def wrapped(text: str, font: ImageFont.FreeTypeFont, width: int, draw: ImageDraw.ImageDraw) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def picture(name: str) -> Image.Image:
    top, bottom, table, paint = SCENES[name]
    scene = backdrop(top, bottom, table, height=H + LIFT)
    paint(scene)
    image = scene.crop((0, LIFT, W, H + LIFT))  # the drawings sit above the label band
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, H - BAND, W, H), fill=(250, 247, 240))
    draw.rectangle((0, H - BAND, W, H - BAND + 6 * SCALE), fill=(178, 34, 34))
    size = 34 * SCALE
    title = ImageFont.truetype(str(FONT), size)
    while len(wrapped(name, title, W - 80 * SCALE, draw)) > 1 and size > 24 * SCALE:
        size -= 2 * SCALE
        title = ImageFont.truetype(str(FONT), size)
    lines = wrapped(name, title, W - 80 * SCALE, draw)
    y = H - BAND + 22 * SCALE
    for line in lines[:2]:
        draw.text((40 * SCALE, y), line, font=title, fill=(60, 40, 30))
        y += size + 6 * SCALE
    small = ImageFont.truetype(str(FONT_ITALIC), 20 * SCALE)
    draw.text((40 * SCALE, H - 38 * SCALE), CAPTION, font=small, fill=(120, 100, 90))
    return image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def main() -> None:
    MEDIA.mkdir(parents=True, exist_ok=True)
    for name, filename in PHOTOS.items():
        image = picture(name)
        path = MEDIA / filename
        for quality in (82, 76, 70, 64):
            image.save(path, format="JPEG", quality=quality, optimize=True, progressive=True)
            if path.stat().st_size < MAX_BYTES:
                break
        print(f"{path.name}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
