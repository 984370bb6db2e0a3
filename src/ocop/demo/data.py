"""Quảng Ninh demo data: real communes and real product names, invented details (marked demo).

The products are named after real Quảng Ninh OCOP products (domain.md). Every other detail —
company names, tax codes, people, phone numbers, figures — is invented for demonstration and
every such row carries is_demo=True, which the pages show as "dữ liệu minh hoạ".
"""

from pathlib import Path


def product(
    name_vi: str,
    name_en: str,
    product_set: int,
    *,
    net: tuple[int, str] | None = None,
    hs: str = "",
    price: tuple[int, int] | None = None,
    gtin: str = "",
) -> dict:
    """One demo product: its QĐ 148 product set number and invented commercial details."""
    return {
        "name_vi": name_vi,
        "name_en": name_en,
        "product_set": product_set,
        "net_content": net[0] if net else None,
        "net_content_unit": net[1] if net else "",
        "hs_code": hs,
        "price_min_vnd": price[0] if price else None,
        "price_max_vnd": price[1] if price else None,
        "gtin": gtin,
    }


DEMO_PASSWORD = "ocop-demo-2026"  # noqa: S105 - published in the README for the demo accounts

# (legal name, type, today's commune, old district, old commune, representative, gender, ethnic minority,
#  founded, employees, local labour %, products)
PRODUCERS = [
    (
        "Công ty Cổ phần Ngọc trai Hạ Long (minh hoạ)",
        "joint_stock",
        "Phường Tuần Châu",
        "Thành phố Hạ Long",
        "Phường Tuần Châu",
        "Nguyễn Minh Hải",
        "male",
        False,
        2008,
        85,
        80,
        [
            product(
                "Ngọc trai Hạ Long Akoya",
                "Ha Long Akoya pearls",
                21,
                hs="7101.22",
                price=(2_500_000, 45_000_000),
                gtin="8936012340013",
            ),
            product(
                "Ngọc trai Hạ Long Tahiti", "Ha Long Tahitian pearls", 21, hs="7101.22", price=(5_000_000, 80_000_000)
            ),
        ],
    ),
    (
        "Hợp tác xã Trà hoa vàng Quy Hoa (minh hoạ)",
        "cooperative",
        "Xã Quảng Đức",
        "Huyện Hải Hà",
        "Xã Quảng Đức",
        "Phùn Thị Lan",
        "female",
        True,
        2015,
        32,
        95,
        [
            product(
                "Trà hoa vàng Quy Hoa",
                "Quy Hoa golden camellia tea",
                12,
                net=(50, "g"),
                hs="0902.10",
                price=(450_000, 1_200_000),
                gtin="8936012340020",
            )
        ],
    ),
    (
        "Hợp tác xã Trà hoa vàng Ba Chẽ (minh hoạ)",
        "cooperative",
        "Xã Ba Chẽ",
        "Huyện Ba Chẽ",
        "Thị trấn Ba Chẽ",
        "Lỷ Văn Sáng",
        "male",
        True,
        2016,
        24,
        100,
        [
            product(
                "Trà hoa vàng Ba Chẽ",
                "Ba Che golden camellia tea",
                12,
                net=(100, "g"),
                hs="0902.10",
                price=(350_000, 900_000),
            )
        ],
    ),
    (
        "Hợp tác xã Ba kích Ba Chẽ (minh hoạ)",
        "cooperative",
        "Xã Ba Chẽ",
        "Huyện Ba Chẽ",
        "Xã Thanh Sơn",
        "Trần Thị Hồng",
        "female",
        False,
        2012,
        18,
        100,
        [
            product(
                "Rượu ba kích Ba Chẽ",
                "Ba Che morinda root wine",
                15,
                net=(500, "ml"),
                hs="2208.90",
                price=(250_000, 400_000),
            )
        ],
    ),
    (
        "Công ty Cổ phần Nước khoáng Quang Hanh (minh hoạ)",
        "joint_stock",
        "Phường Quang Hanh",
        "Thành phố Cẩm Phả",
        "Phường Quang Hanh",
        "Đỗ Văn Thành",
        "male",
        False,
        1996,
        140,
        70,
        [
            product(
                "Nước khoáng Quang Hanh",
                "Quang Hanh mineral water",
                16,
                net=(500, "ml"),
                hs="2201.10",
                price=(6_000, 9_000),
                gtin="8936012340037",
            )
        ],
    ),
    (
        "Hộ kinh doanh Hải sản Cô Tô (minh hoạ)",
        "household",
        "Đặc khu Cô Tô",
        "Huyện Cô Tô",
        "Thị trấn Cô Tô",
        "Vũ Thị Thu",
        "female",
        False,
        2017,
        6,
        100,
        [product("Mực ống Cô Tô", "Co To squid", 2, net=(1, "kg"), hs="0307.43", price=(350_000, 550_000))],
    ),
    (
        "Hợp tác xã Vịt biển Đồng Rui (minh hoạ)",
        "cooperative",
        "Xã Hải Lạng",
        "Huyện Tiên Yên",
        "Xã Đồng Rui",
        "Hoàng Văn Đức",
        "male",
        False,
        2014,
        15,
        100,
        [
            product(
                "Trứng vịt biển Đồng Rui",
                "Dong Rui sea duck eggs",
                2,
                net=(10, "piece"),
                hs="0407.21",
                price=(45_000, 60_000),
            )
        ],
    ),
    (
        "Công ty TNHH Chả mực Hạ Long (minh hoạ)",
        "llc_multi",
        "Phường Hồng Gai",
        "Thành phố Hạ Long",
        "Phường Bạch Đằng",
        "Phạm Thị Mai",
        "female",
        False,
        2010,
        45,
        90,
        [
            product(
                "Chả mực Hạ Long",
                "Ha Long squid cake",
                8,
                net=(500, "g"),
                hs="1605.54",
                price=(180_000, 250_000),
                gtin="8936012340044",
            )
        ],
    ),
    (
        "Hợp tác xã Sá sùng Vân Đồn (minh hoạ)",
        "cooperative",
        "Đặc khu Vân Đồn",
        "Huyện Vân Đồn",
        "Xã Vạn Yên",
        "Lê Văn Quang",
        "male",
        False,
        2013,
        20,
        100,
        [
            product(
                "Sá sùng khô Vân Đồn",
                "Van Don dried peanut worms",
                8,
                net=(100, "g"),
                hs="0308.90",
                price=(600_000, 900_000),
            )
        ],
    ),
    (
        "Tổ hợp tác Nước mắm Cái Rồng (minh hoạ)",
        "cooperative_group",
        "Đặc khu Vân Đồn",
        "Huyện Vân Đồn",
        "Thị trấn Cái Rồng",
        "Ngô Thị Bình",
        "female",
        False,
        2011,
        9,
        100,
        [
            product(
                "Nước mắm Cái Rồng", "Cai Rong fish sauce", 9, net=(500, "ml"), hs="2103.90", price=(90_000, 150_000)
            )
        ],
    ),
    (
        "Hợp tác xã Miến dong Bình Liêu (minh hoạ)",
        "cooperative",
        "Xã Bình Liêu",
        "Huyện Bình Liêu",
        "Thị trấn Bình Liêu",
        "Chìu Văn Sếnh",
        "male",
        True,
        2012,
        30,
        100,
        [
            product(
                "Miến dong Bình Liêu",
                "Binh Lieu arrowroot vermicelli",
                7,
                net=(500, "g"),
                hs="1902.19",
                price=(60_000, 80_000),
            )
        ],
    ),
    (
        "Công ty TNHH Một thành viên Gạo nếp Đông Triều (minh hoạ)",
        "llc_single",
        "Phường Đông Triều",
        "Thành phố Đông Triều",
        "Phường Hưng Đạo",
        "Bùi Văn Toàn",
        "male",
        False,
        2009,
        26,
        85,
        [
            product(
                "Gạo nếp cái hoa vàng Đông Triều",
                "Dong Trieu yellow-flower glutinous rice",
                3,
                net=(2, "kg"),
                hs="1006.30",
                price=(45_000, 60_000),
            )
        ],
    ),
]

# (username, role, full name, scope): scope names the commune or the producer (by legal name).
USERS = [
    ("quantri", "admin", "Quản trị hệ thống (minh hoạ)", {}),
    ("canbotinh", "provincial_officer", "Nguyễn Thị Hương – Văn phòng OCOP tỉnh (minh hoạ)", {"province": 22}),
    ("canboxa", "commune_officer", "Trần Văn Nam – UBND xã Ba Chẽ (minh hoạ)", {"commune": "Xã Ba Chẽ"}),
    ("hoidong", "council_member", "Phạm Quốc Việt – Hội đồng OCOP tỉnh (minh hoạ)", {"province": 22}),
    ("trunguong", "central_officer", "Lê Thu Trang – Văn phòng Điều phối trung ương (minh hoạ)", {}),
    ("nguoimua", "buyer", "Mai Anh – Nhà nhập khẩu (minh hoạ)", {}),
    ("chuthe", "producer", "Lỷ Văn Sáng (minh hoạ)", {"producer": "Hợp tác xã Trà hoa vàng Ba Chẽ (minh hoạ)"}),
]

# (producer, product or None, kind, number, issuer, issued how many days before the load, valid for how
#  many months or None) — invented numbers; the dates follow the day of the load, so that the picture is
#  the same whenever the demo is loaded (Quy Hoa's food-safety certificate has lapsed, the others hold).
DOCUMENTS = [
    (
        "Công ty TNHH Chả mực Hạ Long (minh hoạ)",
        None,
        "food_safety_facility",
        "112/2024/NNPTNT-QN",
        "Sở Nông nghiệp và Môi trường Quảng Ninh",
        993,
        36,
    ),
    (
        "Công ty TNHH Chả mực Hạ Long (minh hoạ)",
        "Chả mực Hạ Long",
        "haccp",
        "HACCP-24-0917",
        "Tổ chức chứng nhận (minh hoạ)",
        807,
        36,
    ),
    (
        "Công ty TNHH Chả mực Hạ Long (minh hoạ)",
        "Chả mực Hạ Long",
        "trademark",
        "4-0387123-000",
        "Cục Sở hữu trí tuệ",
        2742,
        120,
    ),
    (
        "Hợp tác xã Trà hoa vàng Quy Hoa (minh hoạ)",
        None,
        "food_safety_facility",
        "045/2023/NNPTNT-QN",
        "Sở Nông nghiệp và Môi trường Quảng Ninh",
        1303,
        36,
    ),
    (
        "Hợp tác xã Trà hoa vàng Quy Hoa (minh hoạ)",
        "Trà hoa vàng Quy Hoa",
        "vietgap",
        "VG-TT-2025-118",
        "Tổ chức chứng nhận VietGAP (minh hoạ)",
        670,
        36,
    ),
    (
        "Hợp tác xã Trà hoa vàng Ba Chẽ (minh hoạ)",
        None,
        "food_safety_facility",
        "078/2025/NNPTNT-QN",
        "Sở Nông nghiệp và Môi trường Quảng Ninh",
        592,
        36,
    ),
    (
        "Công ty Cổ phần Nước khoáng Quang Hanh (minh hoạ)",
        None,
        "iso_22000",
        "ISO22000-QH-2024",
        "Tổ chức chứng nhận (minh hoạ)",
        1058,
        36,
    ),
    (
        "Tổ hợp tác Nước mắm Cái Rồng (minh hoạ)",
        "Nước mắm Cái Rồng",
        "test_report",
        "KN-2025-3321",
        "Trung tâm Kiểm nghiệm (minh hoạ)",
        485,
        None,
    ),
]


# Illustration photos shipped with the project (drawn by ocop.demo.draw_photos), attached by ocop.demo.photos.
MEDIA = Path(__file__).resolve().parent / "media"
CAPTION = "Ảnh minh hoạ / Illustration"

# Demo product (name_vi) → its picture in MEDIA.
PHOTOS = {
    "Ngọc trai Hạ Long Akoya": "ngoc-trai-ha-long-akoya.jpg",
    "Ngọc trai Hạ Long Tahiti": "ngoc-trai-ha-long-tahiti.jpg",
    "Trà hoa vàng Quy Hoa": "tra-hoa-vang-quy-hoa.jpg",
    "Trà hoa vàng Ba Chẽ": "tra-hoa-vang-ba-che.jpg",
    "Rượu ba kích Ba Chẽ": "ruou-ba-kich-ba-che.jpg",
    "Nước khoáng Quang Hanh": "nuoc-khoang-quang-hanh.jpg",
    "Mực ống Cô Tô": "muc-ong-co-to.jpg",
    "Trứng vịt biển Đồng Rui": "trung-vit-bien-dong-rui.jpg",
    "Chả mực Hạ Long": "cha-muc-ha-long.jpg",
    "Sá sùng khô Vân Đồn": "sa-sung-kho-van-don.jpg",
    "Nước mắm Cái Rồng": "nuoc-mam-cai-rong.jpg",
    "Miến dong Bình Liêu": "mien-dong-binh-lieu.jpg",
    "Gạo nếp cái hoa vàng Đông Triều": "gao-nep-cai-hoa-vang-dong-trieu.jpg",
}
