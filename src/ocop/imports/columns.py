"""The columns of the import template and the export, per kind.

Row 1 holds the Vietnamese header, row 2 the English header, data starts on row 3. A file is
matched by header text (case, diacritics and spacing do not matter; the English header is accepted
in row 1 too), so columns may be reordered, but none may be missing, renamed or added.
"""

from dataclasses import dataclass, field

from django.utils import translation

from ocop.core.text import fold_vietnamese
from ocop.producers.models import Gender, ProducerType
from ocop.products.models import NetContentUnit, ProductStatus

DATA_SHEET = "Dữ liệu"
HELP_SHEET = "Hướng dẫn"
VALUES_SHEET = "Giá trị hợp lệ"
HEADER_ROWS = 2
FIRST_DATA_ROW = HEADER_ROWS + 1


@dataclass(frozen=True)
class Column:
    key: str
    header_vi: str
    header_en: str
    kind: str = "text"  # text, email, url, int, decimal, date, bool, choice, or a lookup handled by the kind module
    required: bool = False
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    choices: tuple[tuple[str, object], ...] = field(default=())  # (stored value, label)
    aliases: tuple[tuple[str, str], ...] = field(default=())  # (folded word people write, stored value)
    width: int = 18
    note_vi: str = ""
    note_en: str = ""

    @property
    def header(self) -> str:
        return self.header_vi

    def choice_map(self) -> dict[str, str]:
        """Folded code, Vietnamese label and English label → stored value."""
        mapping: dict[str, str] = {}
        for value, label in self.choices:
            mapping[fold_vietnamese(str(value))] = value
            for language in ("en", "vi"):
                with translation.override(language):
                    mapping[fold_vietnamese(str(label))] = value
        mapping.update(self.aliases)
        return mapping

    def choice_label(self, value: str) -> str:
        for stored, label in self.choices:
            if stored == value:
                with translation.override("vi"):
                    return str(label)
        return value


def _choices(text_choices) -> tuple[tuple[str, object], ...]:
    return tuple((member.value, member.label) for member in text_choices)


PRODUCER_COLUMNS: tuple[Column, ...] = (
    Column(
        "tax_code",
        "Mã số thuế",
        "Tax code",
        kind="tax_code",
        width=16,
        note_vi="10 chữ số (có chữ số kiểm tra), 13 chữ số (chi nhánh) hoặc 12 chữ số định danh cá nhân. "
        "Là khoá nhận diện chủ thể khi có.",
        note_en="10 digits (with check digit), 13 (branch) or a 12-digit personal number. The key when present.",
    ),
    Column("legal_name", "Tên chủ thể", "Legal name", required=True, max_length=255, width=40),
    Column("short_name", "Tên viết tắt", "Short name", max_length=100),
    Column(
        "producer_type",
        "Loại hình",
        "Producer type",
        kind="choice",
        required=True,
        choices=_choices(ProducerType),
        width=30,
        aliases=(
            ("htx", "cooperative"),
            ("tht", "cooperative_group"),
            ("to hop tac", "cooperative_group"),
            ("dntn", "private_enterprise"),
            ("ho kinh doanh", "household"),
            ("ho san xuat", "household"),
        ),
    ),
    Column("registration_number", "Số đăng ký kinh doanh", "Business registration number", max_length=50),
    Column(
        "registration_date",
        "Ngày đăng ký kinh doanh",
        "Business registration date",
        kind="date",
        width=14,
        note_vi="ngày/tháng/năm",
        note_en="day/month/year",
    ),
    Column("representative_name", "Người đại diện", "Legal representative", max_length=150, width=24),
    Column(
        "representative_gender",
        "Giới tính người đại diện",
        "Representative gender",
        kind="choice",
        choices=_choices(Gender),
        width=12,
    ),
    Column(
        "representative_ethnic_minority",
        "Người đại diện là người dân tộc thiểu số",
        "Representative from an ethnic minority",
        kind="bool",
        width=12,
        note_vi="Có / Không (để trống = Không)",
        note_en="Có (yes) / Không (no); blank = no",
    ),
    Column("address", "Địa chỉ", "Address", max_length=255, width=36),
    Column(
        "commune",
        "Xã, phường",
        "Commune or ward",
        kind="commune",
        width=24,
        note_vi="Tên xã, phường, đặc khu hiện nay trong tỉnh; có hoặc không có dấu, "
        "có hoặc không có chữ “Xã”, “Phường”. Để trống khi đã ghi xã (trước 7/2025): lấy đơn vị mới theo "
        "bảng sáp nhập; nếu xã cũ được chia cho nhiều đơn vị, phải ghi một trong các đơn vị đó.",
        note_en="Today's commune, ward or special zone in the province; with or without diacritics or prefix. "
        "May be blank when the pre-2025 commune is given: the succession table gives today's unit; when the "
        "old commune was split, write one of its successors.",
    ),
    Column(
        "historical_district",
        "Huyện (trước 7/2025)",
        "District (before 7/2025)",
        kind="district",
        width=20,
        note_vi="Huyện, thành phố, thị xã trước 7/2025; xã (trước 7/2025) phải thuộc huyện này.",
        note_en="District, city or town before 7/2025; the pre-2025 commune must lie in it.",
    ),
    Column(
        "historical_commune",
        "Xã (trước 7/2025)",
        "Commune (before 7/2025)",
        kind="old_commune",
        width=20,
        note_vi="Xã, phường, thị trấn trước 7/2025. Khi có, xã, phường hiện nay phải là đơn vị mới của xã này.",
        note_en="Commune, ward or township before 7/2025. When given, today's commune must be one of its successors.",
    ),
    Column("phone", "Điện thoại", "Phone", max_length=20, width=14),
    Column("email", "Thư điện tử", "Email", kind="email", max_length=254, width=24),
    Column("website", "Trang web", "Website", kind="url", max_length=200, width=24),
    Column("founded_year", "Năm thành lập", "Year founded", kind="int", min_value=1900, max_value=2100, width=10),
    Column("employees", "Số lao động", "Employees", kind="int", min_value=0, max_value=10_000_000, width=10),
    Column("members", "Số thành viên", "Members", kind="int", min_value=0, max_value=10_000_000, width=10),
    Column(
        "local_labour_share",
        "Tỷ lệ lao động địa phương (%)",
        "Local labour share (%)",
        kind="int",
        min_value=0,
        max_value=100,
        width=10,
    ),
    Column("story_vi", "Câu chuyện (tiếng Việt)", "Story (Vietnamese)", width=40),
    Column("story_en", "Câu chuyện (tiếng Anh)", "Story (English)", width=40),
)

PRODUCT_COLUMNS: tuple[Column, ...] = (
    Column(
        "gtin",
        "Mã GTIN (mã vạch)",
        "GTIN (barcode)",
        kind="gtin",
        width=16,
        note_vi="8, 12, 13 hoặc 14 chữ số với chữ số kiểm tra GS1. Là khoá nhận diện sản phẩm khi có.",
        note_en="8, 12, 13 or 14 digits with a GS1 check digit. The key when present.",
    ),
    Column(
        "producer_tax_code",
        "Mã số thuế chủ thể",
        "Producer tax code",
        kind="producer_tax_code",
        width=16,
        note_vi="Chủ thể phải có sẵn trong hệ thống (nhập chủ thể trước).",
        note_en="The producer must already be in the registry (import producers first).",
    ),
    Column(
        "producer_name",
        "Tên chủ thể",
        "Producer legal name",
        kind="text",
        max_length=255,
        width=36,
        note_vi="Bắt buộc khi không có mã số thuế chủ thể.",
        note_en="Required when there is no producer tax code.",
    ),
    Column(
        "producer_commune",
        "Xã, phường của chủ thể",
        "Producer commune or ward",
        kind="text",
        width=22,
        note_vi="Bắt buộc khi không có mã số thuế chủ thể.",
        note_en="Required when there is no producer tax code.",
    ),
    Column(
        "name_vi", "Tên sản phẩm (tiếng Việt)", "Product name (Vietnamese)", required=True, max_length=255, width=36
    ),
    Column("name_en", "Tên sản phẩm (tiếng Anh)", "Product name (English)", max_length=255, width=30),
    Column(
        "product_set",
        "Bộ sản phẩm (QĐ 148)",
        "Product set (Decision 148)",
        kind="product_set",
        width=12,
        note_vi="Số bộ sản phẩm theo Quyết định 148/QĐ-TTg, ví dụ 09.",
        note_en="Product set number under Decision 148/QĐ-TTg, e.g. 09.",
    ),
    Column("status", "Trạng thái", "Status", kind="choice", required=True, choices=_choices(ProductStatus), width=24),
    Column("description_vi", "Mô tả (tiếng Việt)", "Description (Vietnamese)", width=40),
    Column("description_en", "Mô tả (tiếng Anh)", "Description (English)", width=40),
    Column("story_vi", "Câu chuyện sản phẩm (tiếng Việt)", "Product story (Vietnamese)", width=40),
    Column("story_en", "Câu chuyện sản phẩm (tiếng Anh)", "Product story (English)", width=40),
    Column("ingredients", "Thành phần", "Ingredients", width=30),
    Column(
        "net_content",
        "Khối lượng, thể tích tịnh",
        "Net content",
        kind="decimal",
        min_value=0,
        max_value=999_999_999,
        width=12,
    ),
    Column(
        "net_content_unit",
        "Đơn vị",
        "Unit",
        kind="choice",
        choices=_choices(NetContentUnit),
        width=10,
        note_vi="Bắt buộc khi có khối lượng, thể tích tịnh.",
        note_en="Required when net content is given.",
    ),
    Column("packaging", "Quy cách đóng gói", "Packaging", max_length=255, width=24),
    Column(
        "shelf_life_days",
        "Hạn sử dụng (ngày)",
        "Shelf life (days)",
        kind="int",
        min_value=0,
        max_value=100_000,
        width=10,
    ),
    Column(
        "price_min_vnd",
        "Giá thấp nhất (đồng)",
        "Lowest price (VND)",
        kind="int",
        min_value=0,
        max_value=10**15,
        width=14,
    ),
    Column(
        "price_max_vnd",
        "Giá cao nhất (đồng)",
        "Highest price (VND)",
        kind="int",
        min_value=0,
        max_value=10**15,
        width=14,
    ),
    Column(
        "hs_code", "Mã HS", "HS code", kind="hs_code", width=12, note_vi="4 đến 10 chữ số.", note_en="4 to 10 digits."
    ),
)

# Historical (paper) certificates: one row per certificate issued before the platform. The scan of
# each decision is attached afterwards on the certificate's page (a row cannot carry a file).
CRITERIA_VERSIONS = (("QD1048", "QĐ 1048/QĐ-TTg"), ("QD148", "QĐ 148/QĐ-TTg"))
CERTIFICATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "number",
        "Số giấy chứng nhận",
        "Certificate number",
        required=True,
        max_length=60,
        width=22,
        note_vi="Số in trên giấy chứng nhận. Là khoá của dòng.",
        note_en="The number printed on the certificate. The key of the row.",
    ),
    Column(
        "gtin",
        "Mã GTIN sản phẩm",
        "Product GTIN",
        max_length=14,
        width=16,
        note_vi="Tìm sản phẩm theo mã GTIN; nếu trống, theo chủ thể và tên sản phẩm.",
        note_en="Finds the product by GTIN; if blank, by producer and product name.",
    ),
    Column("producer_tax_code", "Mã số thuế chủ thể", "Producer tax code", max_length=14, width=16),
    Column("producer_name", "Tên chủ thể", "Producer legal name", max_length=255, width=36),
    Column("product_name", "Tên sản phẩm", "Product name", max_length=255, width=36),
    Column("stars", "Hạng sao", "Stars", kind="int", required=True, min_value=3, max_value=5, width=8),
    Column(
        "criteria_version",
        "Bộ tiêu chí",
        "Criteria version",
        kind="choice",
        required=True,
        choices=CRITERIA_VERSIONS,
        aliases=(("1048", "QD1048"), ("qd 1048", "QD1048"), ("148", "QD148"), ("qd 148", "QD148")),
        width=16,
    ),
    Column("total", "Tổng điểm", "Total points", kind="decimal", min_value=0, max_value=100, width=10),
    Column("decision_number", "Số quyết định", "Decision number", required=True, max_length=100, width=18),
    Column(
        "decision_date",
        "Ngày quyết định",
        "Decision date",
        kind="date",
        required=True,
        width=14,
        note_vi="ngày/tháng/năm. Cấp công nhận lấy theo bảng thẩm quyền cho bộ tiêu chí và ngày này.",
        note_en="day/month/year. The recognising level follows from the authority table for the version and date.",
    ),
    Column("signer_name", "Người ký", "Signer", required=True, max_length=150, width=24),
    Column("signer_title", "Chức vụ người ký", "Signer's title", max_length=150, width=24),
    Column(
        "valid_from",
        "Hiệu lực từ",
        "Valid from",
        kind="date",
        width=14,
        note_vi="Để trống: từ ngày quyết định.",
        note_en="Blank: from the decision date.",
    ),
)

COLUMNS = {"producers": PRODUCER_COLUMNS, "products": PRODUCT_COLUMNS, "certificates": CERTIFICATE_COLUMNS}
