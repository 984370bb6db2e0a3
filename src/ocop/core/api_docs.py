"""What the OpenAPI document at /api/v1/openapi.json says beyond the schemas: who may call each
operation, how lists page, which errors each can answer (all in the one error shape), and worked
examples for the main writes. `OcopAPI` is the NinjaAPI that adds them when the document is built.
"""

from ninja import NinjaAPI

from ocop.core.api_errors import ErrorOut, JsonObjectParser
from ocop.core.fields import describe_text
from ocop.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from ocop.core.ratelimit import limits

REF = "#/components/schemas/{model}"

ERRORS = {
    400: "Một quy tắc từ chối yêu cầu, hoặc nội dung không đọc được / a rule refused the request, or the body "
    "could not be read (code `refused`, `bad_request`)",
    401: "Cần đăng nhập hoặc `Authorization: Bearer <token>` / log in or send a bearer token (`unauthenticated`)",
    403: "Vai trò hoặc phạm vi không cho phép; thiếu mã CSRF khi dùng cookie phiên / not allowed for this role or "
    "scope; CSRF token missing with a session cookie (`forbidden`, `csrf_failed`)",
    404: "Không tìm thấy, hoặc ngoài phạm vi của người gọi / not found, or outside the caller's scope (`not_found`)",
    413: "Yêu cầu hoặc tệp quá lớn / request or file too large (`too_large`)",
    422: "Dữ liệu không khớp lược đồ; `errors` nêu từng trường / the data does not fit the schema; `errors` names "
    "each field (`invalid`)",
    429: "Quá giới hạn theo địa chỉ; chờ số giây trong `Retry-After` / over the per-address limit; wait the "
    "seconds in `Retry-After` (`rate_limited`)",
}

# Answered by the HTTP server (gunicorn, nginx) before the request reaches the application, so in
# the server's own HTML page, not the error shape: any operation, when the address is too long.
SERVER_LIMITS = {
    414: {
        "description": "Dòng yêu cầu (địa chỉ kèm tham số) dài quá giới hạn của máy chủ HTTP, 4094 byte; máy chủ trả "
        "lời bằng trang HTML trước khi yêu cầu tới ứng dụng / the request line (address and query) is longer "
        "than the HTTP server's limit, 4094 bytes; the server answers with an HTML page before the request reaches "
        "the application",
        "content": {"text/html": {"schema": {"type": "string"}}},
    },
}

# Worked examples of the main writes: operationId → (description, request body). A test validates
# each against its operation's schema, so they cannot drift from what the API accepts.
EXAMPLES: dict[str, tuple[str, dict]] = {
    "ocop_producers_api_create_producer": (
        "Cán bộ tỉnh hoặc xã đăng ký một chủ thể OCOP trong phạm vi của mình; mã số thuế được kiểm tra chữ số "
        "kiểm tra. / An officer registers an OCOP producer in their scope; the tax code's check digit is verified.",
        {
            "legal_name": "Hợp tác xã Trà hoa vàng Ba Chẽ",
            "producer_type": "cooperative",
            "commune_code": 6970,
            "tax_code": "5701234566",
            "representative_name": "Nguyễn Văn An",
            "phone": "0203 3888 123",
            "founded_year": 2015,
        },
    ),
    "ocop_products_api_create_product": (
        "Thêm sản phẩm cho một chủ thể trong phạm vi; `product_set_id` là bộ sản phẩm của bộ tiêu chí. / Adds a "
        "product to a producer in scope; `product_set_id` is the product set of the criteria.",
        {
            "producer_id": 12,
            "name_vi": "Trà hoa vàng túi lọc",
            "name_en": "Golden camellia tea bags",
            "net_content": "50",
            "net_content_unit": "g",
            "price_min_vnd": 120000,
            "gtin": "8930000000019",
        },
    ),
    "ocop_products_api_patch_product": (
        "Chỉ các trường gửi lên được đổi; mỗi thay đổi được ghi vào lịch sử. / Only the fields sent change; each "
        "change is written to the history.",
        {"description_vi": "Trà hoa vàng sấy lạnh, đóng túi lọc 2 g.", "price_max_vnd": 150000},
    ),
    "ocop_products_api_create_document": (
        "Ghi một giấy chứng nhận (an toàn thực phẩm, VietGAP…) của chủ thể hoặc một sản phẩm. / Records a "
        "certification document of a producer or one product.",
        {
            "producer_id": 12,
            "product_id": 34,
            "kind": "food_safety_facility",
            "number": "125/2025/ATTP-CNĐK",
            "issuer": "Sở Y tế Quảng Ninh",
            "issued_on": "2025-03-01",
            "expires_on": "2028-03-01",
        },
    ),
    "ocop_certificates_api_issue_certificate": (
        "Cấp giấy chứng nhận (36 tháng) từ một quyết định đã ghi trong hệ thống công nhận sản phẩm ở đúng hạng sao; "
        "cơ quan, người ký, tổng điểm lấy từ quyết định. / Issues a certificate (36 months) from a recorded decision "
        "that recognised the product at that star; authority, signer and total come from the decision.",
        {"product_id": 34, "stars": 4, "decision_number": "1234/QĐ-UBND"},
    ),
    "ocop_certificates_api_revoke_certificate": (
        "Thu hồi theo một căn cứ (`GET /certificates/revocation-grounds`); mã xác thực báo đã thu hồi ngay. / "
        "Revokes on a ground; the verification code reports it at once.",
        {"ground": "food_safety_quality", "reason": "Kết quả kiểm nghiệm ngày 02/10/2026 không đạt chỉ tiêu vi sinh."},
    ),
    "ocop_evaluations_api_create_dossier": (
        "Chủ thể lập hồ sơ đánh giá cho sản phẩm của mình. / A producer opens an evaluation dossier for its product.",
        {"product_id": 34, "kind": "first"},
    ),
    "ocop_evaluations_api_put_self_assessment": (
        "Phiếu tự đánh giá: một phương án cho mỗi tiêu chí (`GET /criteria/{version}/sets/{set}` liệt kê mã). / "
        "The self-assessment: one option per criterion.",
        {"answers": [{"criterion": "1.1", "option": "1.1-1"}, {"criterion": "1.2", "option": "1.2-1"}]},
    ),
    "ocop_evaluations_api_put_score": (
        "Phiếu chấm của thành viên hội đồng; `submit: true` nộp phiếu, sau đó mới xem được phiếu người khác. / A "
        "council member's sheet; `submit: true` hands it in, after which the others' sheets become visible.",
        {
            "answers": [{"criterion": "1.1", "option": "1.1-1", "comment": "Có hợp đồng tiêu thụ"}],
            "comment": "Sản phẩm ổn định",
            "submit": False,
        },
    ),
    "ocop_evaluations_api_open_round": (
        "Cán bộ tỉnh mở một đợt đánh giá theo một bộ tiêu chí. / A provincial officer opens an evaluation round.",
        {
            "year": 2026,
            "number": 2,
            "name": "Đợt 2 năm 2026",
            "criteria_version": "QD148",
            "opens_on": "2026-08-01",
            "closes_on": "2026-10-31",
        },
    ),
    "ocop_criteria_api_sheet_score": (
        "Chấm thử không lưu: tổng điểm, số sao và gợi ý để lên hạng. Công khai. / Scores answers without saving "
        "anything: total, stars and advice for the next star. Public.",
        {"answers": [{"criterion": "1.1", "option": "1.1-1"}], "knockouts": []},
    ),
    "ocop_trade_api_create_listing": (
        "Ghi gian hàng TMĐT của sản phẩm; địa chỉ phải thuộc sàn. / Records a product's e-commerce listing; the "
        "address must belong to the platform.",
        {
            "product_id": 34,
            "platform": "postmart",
            "url": "https://postmart.vn/tra-hoa-vang-ba-che",
            "listed_since": "2026-01-10",
        },
    ),
    "ocop_trade_api_create_agreement": (
        "Ghi một thoả thuận phân phối với một đối tác (`POST /trade/partners`). / Records a distribution "
        "agreement with a partner.",
        {
            "kind": "distribution_contract",
            "title": "Phân phối trà hoa vàng tại chuỗi siêu thị",
            "partner_id": 3,
            "producer_id": 12,
            "signed_on": "2026-04-01",
            "ends_on": "2027-03-31",
            "value_vnd": 450000000,
            "product_ids": [34],
        },
    ),
    "ocop_trade_api_create_inquiry": (
        "Người mua gửi yêu cầu báo giá tới chủ thể; giới hạn theo địa chỉ. / A buyer sends an inquiry to the "
        "producer; limited per address.",
        {
            "product_id": 34,
            "company": "Seoul Foods Co.",
            "country": "Hàn Quốc",
            "email": "buyer@seoulfoods.example",
            "quantity": "2.000 hộp / tháng",
            "target_market": "kr",
            "incoterm": "FOB",
            "message": "Xin báo giá và hồ sơ kiểm nghiệm.",
        },
    ),
    "ocop_programme_api_create_sales": (
        "Báo cáo doanh số của sản phẩm theo tháng hoặc quý và kênh bán. / Reports a product's sales per month or "
        "quarter and channel.",
        {
            "product_id": 34,
            "year": 2026,
            "period_kind": "quarter",
            "period": 2,
            "channel": "ecommerce",
            "amount_vnd": 85000000,
        },
    ),
    "ocop_promotion_api_create_event": (
        "Tạo một sự kiện xúc tiến của tỉnh (hội chợ, phiên chợ…). / Creates a promotion event of the province.",
        {
            "event_type": "fair",
            "name": "Hội chợ OCOP Quảng Ninh 2026",
            "first_day": "2026-11-20",
            "last_day": "2026-11-24",
            "organiser": "Sở Công Thương Quảng Ninh",
            "venue": "Cung Quy hoạch, Hội chợ và Triển lãm tỉnh",
            "city": "Hạ Long",
        },
    ),
    "ocop_promotion_api_put_sale": (
        "Ghi doanh thu một ngày của gian hàng (ghi lại thì thay số cũ). / Records a booth's sales for one day "
        "(writing again replaces the figure).",
        {"amount_vnd": 12500000, "note": "Bán lẻ tại gian"},
    ),
}


def _rate_note(scope: str) -> str:
    limit, window = limits()[scope]
    return (
        f"Giới hạn {limit} yêu cầu mỗi {window} giây cho mỗi địa chỉ; quá thì 429 với `Retry-After`. / "
        f"Limited to {limit} requests per {window} seconds and client address; beyond that 429 with `Retry-After`."
    )


def _notes(operation, document_op: dict) -> list[str]:
    notes = []
    if document_op.get("security"):
        notes.append(
            "Cần đăng nhập: `Authorization: Bearer <token>`, hoặc cookie phiên kèm mã CSRF khi ghi. / Needs "
            "a bearer token, or a session cookie with its CSRF token for writes."
        )
    else:
        notes.append("Công khai, không cần đăng nhập. / Public: no login needed.")
    if getattr(operation.view_func, "_ninja_is_paginated", False):
        notes.append(
            f"Trả về một trang `{{items, count, limit, offset}}`; `limit` 1–{MAX_LIMIT} (mặc định "
            f"{DEFAULT_LIMIT}). / Returns one page; `limit` 1–{MAX_LIMIT} (default {DEFAULT_LIMIT})."
        )
    scope = getattr(operation.view_func, "ocop_rate_scope", None)
    if scope:
        notes.append(_rate_note(scope))
    return notes


def _statuses(operation, method: str, path: str, document_op: dict) -> list[int]:
    has_input = bool(operation.models)
    writes = method in ("post", "put", "patch", "delete")
    statuses = []
    if has_input or writes:
        statuses += [400, 404, 422]
    elif "{" in path:
        statuses.append(404)
    if document_op.get("security"):
        statuses += [401, 403]
    if "requestBody" in document_op:
        statuses.append(413)
    if getattr(operation.view_func, "ocop_rate_scope", None):
        statuses.append(429)
    return sorted(set(statuses))


def _error_components(components: dict) -> None:
    schema = ErrorOut.model_json_schema(ref_template=REF)
    for name, definition in schema.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault("ErrorOut", schema)


def describe(api: NinjaAPI, document: dict) -> dict:
    components = document.setdefault("components", {}).setdefault("schemas", {})
    _error_components(components)
    error_ref = {"application/json": {"schema": {"$ref": REF.format(model="ErrorOut")}}}
    by_id = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                by_id[operation.operation_id or api.get_openapi_operation_id(operation)] = operation
    for path, methods in document["paths"].items():
        for method, document_op in methods.items():
            operation = by_id[document_op["operationId"]]
            responses = document_op["responses"]
            for status in _statuses(operation, method, path, document_op):
                responses.setdefault(status, {"description": ERRORS[status], "content": error_ref})
            for status, response in SERVER_LIMITS.items():
                responses.setdefault(status, response)
            example = EXAMPLES.get(document_op["operationId"])
            notes = _notes(operation, document_op)
            if example:
                notes.insert(0, example[0])
                for media in document_op.get("requestBody", {}).get("content", {}).values():
                    media["example"] = example[1]
            text = "\n\n".join(part for part in [document_op.get("description", "").strip(), *notes] if part)
            document_op["description"] = text
    describe_fields(document)
    _forms_send_no_null(document)
    return document


def _forms_send_no_null(document: dict) -> None:
    """A form (multipart) has no null: an optional field is left out. OpenAPI would otherwise offer
    `null`, which a client can only send as the text "null", a 422 (not a number, not a date)."""
    for methods in document["paths"].values():
        for document_op in methods.values():
            media = document_op.get("requestBody", {}).get("content", {}).get("multipart/form-data")
            for prop in (media or {}).get("schema", {}).get("properties", {}).values():
                options = prop.get("anyOf") or []
                if {"type": "null"} in options:
                    rest = [option for option in options if option != {"type": "null"}]
                    del prop["anyOf"]
                    if len(rest) == 1:
                        prop.update(rest[0])
                    else:
                        prop["anyOf"] = rest
                    if prop.get("default", "") is None:
                        del prop["default"]


class OcopAPI(NinjaAPI):
    def __init__(self, **kwargs):
        kwargs.setdefault("parser", JsonObjectParser())
        super().__init__(**kwargs)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return describe_text(describe(self, document))


# Words for the fields that recur across the API; a field described in its own schema keeps its words.
FIELDS = {
    "id": "Mã số bản ghi / record id",
    "code": "Mã / code",
    "name": "Tên / name",
    "name_vi": "Tên tiếng Việt / Vietnamese name",
    "name_en": "Tên tiếng Anh / English name",
    "status": "Trạng thái (mã) / status code",
    "status_label": "Trạng thái, theo ngôn ngữ đã chọn / status, in the chosen language",
    "kind": "Loại (mã) / kind code",
    "number": "Số / number",
    "title": "Tiêu đề / title",
    "label": "Nhãn hiển thị / display label",
    "description": "Mô tả / description",
    "description_vi": "Mô tả tiếng Việt / Vietnamese description",
    "description_en": "Mô tả tiếng Anh / English description",
    "story_vi": "Câu chuyện sản phẩm, tiếng Việt / product story, Vietnamese",
    "story_en": "Câu chuyện sản phẩm, tiếng Anh / product story, English",
    "note": "Ghi chú / note",
    "notes": "Ghi chú / notes",
    "comment": "Nhận xét / comment",
    "reason": "Lý do / reason",
    "message": "Nội dung / message",
    "message_vi": "Thông báo tiếng Việt / Vietnamese message",
    "message_en": "Thông báo tiếng Anh / English message",
    "q": "Tìm theo từ khoá, không cần dấu / search words, diacritics optional",
    "producer_id": "Mã số chủ thể / producer id",
    "producer_name": "Tên chủ thể / producer's name",
    "product_id": "Mã số sản phẩm / product id",
    "product_ids": "Mã số các sản phẩm / product ids",
    "product_name": "Tên sản phẩm (tiếng Việt) / product name (Vietnamese)",
    "dossier_id": "Mã số hồ sơ đánh giá / dossier id",
    "member_id": "Mã số thành viên hội đồng / council seat id",
    "member_ids": "Mã số các thành viên hội đồng / council seat ids",
    "round_id": "Mã số đợt đánh giá / round id",
    "event_id": "Mã số sự kiện / event id",
    "booth_id": "Mã số gian hàng / booth id",
    "series_id": "Mã số chuỗi sự kiện / event series id",
    "partner_id": "Mã số đối tác / partner id",
    "user_id": "Mã số người dùng / user id",
    "province_code": "Mã tỉnh chính thức (danh mục 2025) / official province code",
    "commune_code": "Mã xã, phường chính thức (danh mục 2025) / official commune code",
    "province": "Tỉnh / province",
    "commune": "Xã, phường / commune",
    "commune_name": "Tên xã, phường / commune name",
    "historical_district": "Huyện trước 7/2025 / district before July 2025",
    "historical_commune": "Xã, phường trước 7/2025 / commune before July 2025",
    "stars": "Hạng sao OCOP (3–5; 1–2 không được công nhận) / OCOP star rating",
    "total": "Tổng điểm (0–100) / total score",
    "max_total": "Điểm tối đa / maximum score",
    "max_points": "Điểm tối đa / maximum points",
    "points": "Điểm / points",
    "criteria_version": "Mã bộ tiêu chí, ví dụ QD148 / criteria version code",
    "product_set": "Bộ sản phẩm / product set",
    "product_set_id": "Mã số bộ sản phẩm / product set id",
    "criterion": "Mã tiêu chí, ví dụ “1.1” / criterion code",
    "option": "Mã phương án đã chọn, hoặc null / chosen option code, or null",
    "answers": "Phương án cho từng tiêu chí / an option per criterion",
    "knockouts": "Mã các điều kiện loại trừ xảy ra / knock-out conditions that apply",
    "legal_name": "Tên đầy đủ theo đăng ký / registered legal name",
    "short_name": "Tên viết tắt / short name",
    "producer_type": "Loại hình chủ thể (mã) / legal form code",
    "tax_code": "Mã số thuế (10, 13 hoặc 12 chữ số) / tax code",
    "registration_number": "Số đăng ký kinh doanh / business registration number",
    "registration_date": "Ngày đăng ký kinh doanh / business registration date",
    "representative_name": "Người đại diện / legal representative",
    "address": "Địa chỉ / address",
    "phone": "Điện thoại / phone",
    "email": "Thư điện tử / e-mail",
    "website": "Trang web / website",
    "founded_year": "Năm thành lập / year founded",
    "employees": "Số lao động / employees",
    "members": "Số thành viên / members",
    "local_labour_share": "Tỷ lệ lao động địa phương, % / local labour share, %",
    "archived": "Đã lưu trữ (ẩn khỏi danh sách) / archived (hidden from lists)",
    "is_demo": "Dữ liệu minh hoạ / demo data",
    "is_historical": "Nhập từ kết quả trước khi có nền tảng / imported from before the platform",
    "gtin": "Mã vạch GTIN (8, 12, 13 hoặc 14 chữ số) / GTIN barcode",
    "hs_code": "Mã HS (4–10 chữ số) / HS code",
    "ingredients": "Thành phần / ingredients",
    "net_content": "Khối lượng, thể tích tịnh / net content",
    "net_content_unit": "Đơn vị khối lượng tịnh (g, kg, ml, l…) / net content unit",
    "packaging": "Quy cách đóng gói / packaging",
    "shelf_life_days": "Hạn sử dụng, ngày / shelf life, days",
    "price_min_vnd": "Giá thấp nhất, đồng / lowest price, VND",
    "price_max_vnd": "Giá cao nhất, đồng / highest price, VND",
    "url": "Địa chỉ web / address",
    "issuer": "Cơ quan cấp / issuing body",
    "issued_on": "Ngày cấp / date issued",
    "expires_on": "Ngày hết hạn / expiry date",
    "expired": "Đã hết hạn / expired",
    "valid_from": "Hiệu lực từ / valid from",
    "valid_until": "Hiệu lực đến / valid until",
    "decision_number": "Số quyết định công nhận / recognition decision number",
    "decision_date": "Ngày quyết định / decision date",
    "authority_level": "Cấp công nhận: province, central, district / recognising level",
    "authority_name": "Cơ quan công nhận / recognising authority",
    "signer_name": "Người ký / signed by",
    "signer_title": "Chức vụ người ký / signer's title",
    "has_decision_document": "Đã có bản quét quyết định / the scanned decision is attached",
    "decision_document": "Bản quét quyết định: PDF, JPEG hoặc PNG, tối đa 10 MB / scanned decision",
    "created_at": "Thời điểm tạo (ISO 8601) / created at",
    "updated_at": "Thời điểm sửa gần nhất / last changed at",
    "submitted_at": "Thời điểm nộp / submitted at",
    "year": "Năm / year",
    "day": "Ngày / day",
    "amount_vnd": "Số tiền, đồng / amount, VND",
    "value_vnd": "Giá trị, đồng / value, VND",
    "revenue_vnd": "Doanh thu, đồng / revenue, VND",
    "signed_on": "Ngày ký / date signed",
    "ends_on": "Ngày kết thúc / end date",
    "country": "Quốc gia / country",
    "platform": "Mã sàn TMĐT, ví dụ postmart / e-commerce platform code",
    "market": "Mã thị trường, ví dụ cn, kr, eu / market code",
    "listed_since": "Bán trên sàn từ / listed since",
    "event_type": "Loại sự kiện (mã) / event type code",
    "first_day": "Ngày đầu / first day",
    "last_day": "Ngày cuối / last day",
    "days": "Số ngày (tính cả ngày đầu và cuối) / days, first and last included",
    "venue": "Địa điểm / venue",
    "organiser": "Đơn vị tổ chức / organiser",
    "edition": "Lần tổ chức thứ / edition",
    "visits": "Lượt khách / visits",
    "booths": "Số gian hàng / booths",
    "products_text": "Sản phẩm, ghi bằng chữ khi chưa có trên nền tảng / products as text when not registered",
    "role": "Vai trò (mã) / role code",
    "username": "Tên đăng nhập / username",
    "title_vi": "Tiêu đề tiếng Việt / Vietnamese title",
    "items": "Các dòng của trang này / the rows of this page",
    "warning": "Cảnh báo, nếu có / warning, if any",
    "problems": "Các lỗi phát hiện / problems found",
    "phase": "Giai đoạn chương trình (mã) / programme phase code",
    "indicator": "Mã chỉ tiêu / indicator code",
    "source": "Nguồn / source",
    "period_kind": "month hoặc quarter / month or quarter",
    "period": "Tháng (1–12) hoặc quý (1–4) / month or quarter number",
    "channel": "Kênh bán (mã) / sales channel code",
    "company": "Tên công ty người mua / buyer's company",
    "contact_name": "Người liên hệ / contact person",
    "quantity": "Số lượng cần mua / quantity wanted",
    "target_market": "Thị trường đích (mã) / target market code",
    "incoterm": "Điều kiện Incoterms 2020, ví dụ FOB / Incoterms 2020 rule",
    "value": "Giá trị / value",
    "criteria": "Các tiêu chí / criteria",
    "parts": "Các phần của phiếu chấm / parts of the sheet",
    "sections": "Các nhóm tiêu chí / sections of criteria",
    "original_name": "Tên tệp khi tải lên / file name as uploaded",
    "comments": "Nhận xét / comments",
    "figures": "Số liệu / figures",
    "operator": "Đơn vị vận hành / operator",
    "opening_hours": "Giờ mở cửa / opening hours",
    "active": "Đang hoạt động / active",
    "department": "Phòng, ban phụ trách / department in charge",
    "scope_note": "Phạm vi thoả thuận / scope of the agreement",
    "photos": "Ảnh / photos",
    "group": "Nhóm sản phẩm / product group",
    "version": "Phiên bản / version",
    "mandatory_stars": "Hạng sao từ đó tiêu chí là bắt buộc / star rating from which this is mandatory",
    "points_needed": "Số điểm còn thiếu / points still needed",
    "criterion_name": "Tên tiêu chí / criterion name",
    "band_stars": "Hạng sao theo điểm, trước các tiêu chí bắt buộc / stars by score alone",
    "disqualified": "Bị loại (điều kiện loại trừ) / disqualified by a knock-out",
    "missing": "Điều còn thiếu cho từng hạng sao / what each star rating still lacks",
    "advice": "Gợi ý để lên hạng / advice for the next star",
    "total_rows": "Số dòng của tệp / rows in the file",
    "processed_rows": "Số dòng đã kiểm tra / rows checked so far",
    "to_create": "Số bản ghi sẽ thêm / records to create",
    "to_update": "Số bản ghi sẽ sửa / records to update",
    "unchanged": "Số bản ghi không đổi / records unchanged",
    "problem_count": "Số lỗi / problems found",
    "applied_created": "Số bản ghi đã thêm / records created",
    "applied_updated": "Số bản ghi đã sửa / records updated",
    "self_total": "Tổng điểm tự đánh giá / self-assessed total",
    "self_stars": "Hạng sao tự đánh giá / self-assessed stars",
    "evidence": "Minh chứng đã tải lên / evidence uploaded",
    "requirements": "Minh chứng cần có / evidence required",
    "key": "Khoá / key",
    "pending": "Chưa xong / still pending",
    "outlier_reason": "Lý do giữ điểm lệch / reason for keeping an outlying score",
    "level": "Cấp: province hoặc central / level",
    "ready_to_close": "Đủ phiếu để chốt điểm / all sheets in, ready to close",
    "product": "Sản phẩm / product",
    "revocation_reason": "Lý do thu hồi / reason for revocation",
    "city": "Thành phố / city",
    "exhibitor": "Đơn vị trưng bày / exhibitor",
    "exhibitor_province_code": "Mã tỉnh của đơn vị trưng bày / exhibitor's province code",
    "in_province": "Đơn vị trong tỉnh tổ chức / exhibitor from the organising province",
    "first_party": "Bên thứ nhất / first party",
    "second_party": "Bên thứ hai / second party",
    "summary": "Tóm tắt / summary",
    "growth": "Tăng trưởng so với lần trước / growth over the previous edition",
    "counts_for_national_target": "Tính vào chỉ tiêu quốc gia về TMĐT / counts for the national e-commerce target",
    "platform_name": "Tên sàn / platform name",
    "capacity_per_month": "Năng lực cung ứng mỗi tháng / supply capacity per month",
    "capacity_unit": "Đơn vị năng lực / capacity unit",
    "min_order_quantity": "Số lượng đặt tối thiểu / minimum order quantity",
    "min_order_unit": "Đơn vị đặt hàng / order unit",
    "lead_time_days": "Thời gian giao hàng, ngày / lead time, days",
    "incoterms": "Các điều kiện Incoterms chào hàng / Incoterms offered",
    "port_of_loading": "Cảng xếp hàng / port of loading",
    "met": "Đáp ứng / met",
    "body": "Nội dung / text",
    "producer": "Chủ thể / producer",
    "unit": "Đơn vị / unit",
    "place": "Địa bàn / place",
    "breakdown": "Chia theo / breakdown",
    "as_of": "Số liệu tính đến ngày / figures as of",
    "ok": "Mọi dịch vụ hoạt động / every service works",
    "services": "Tình trạng từng dịch vụ / each service's state",
    "full_name": "Họ và tên / full name",
    "role_label": "Vai trò, theo ngôn ngữ đã chọn / role, in the chosen language",
    "unit_type": "Loại đơn vị: xã, phường, đặc khu / unit type",
    "representative_gender": "Giới tính người đại diện / representative's gender",
    "representative_ethnic_minority": "Người đại diện là người dân tộc thiểu số / representative of an ethnic minority",
    "width": "Chiều rộng, điểm ảnh / width, pixels",
    "height": "Chiều cao, điểm ảnh / height, pixels",
    "caption": "Chú thích / caption",
    "documents": "Giấy chứng nhận / certification documents",
    "legal_document": "Văn bản pháp lý / legal document",
    "effective_from": "Áp dụng từ / in force from",
    "effective_to": "Áp dụng đến / in force until",
    "star_bands": "Khung điểm của từng hạng sao / score band of each star rating",
    "historical_district_code": "Mã huyện trước 7/2025 / district code before July 2025",
    "historical_commune_code": "Mã xã trước 7/2025; cho biết xã, phường của hôm nay / commune code before July 2025, "
    "which gives today's unit",
    "by": "Chia theo (mã cách chia của chỉ tiêu) / break down by (one of the indicator's breakdowns)",
    "certification": "Lọc theo loại giấy chứng nhận / filter by certification kind",
    "certified_only": "Chỉ sản phẩm đang được công nhận / only currently certified products",
    "district": "Mã số huyện trước 7/2025 / district (before July 2025) id",
    "expiring_within": "Hết hiệu lực trong số ngày tới / expiring within this many days",
    "market_code": "Mã thị trường, ví dụ cn, kr, eu / market code",
    "online": "Chỉ sản phẩm đang bán trên sàn TMĐT / only products listed online",
    "sort": "Cách sắp xếp / sort order",
    "type": "Loại hình chủ thể (mã) / producer legal form code",
    "exhibitor_name": "Tên đơn vị trưng bày khi không phải chủ thể trên nền tảng / exhibitor not registered here",
    "document": "Số, tên văn bản / document reference",
    "submit": "true: nộp phiếu; false: lưu nháp / true hands the sheet in, false keeps a draft",
    "ids": "Mã số các thông báo; bỏ trống là tất cả / notification ids; empty means all",
    "changes": "Các trường của phiếu đăng ký cần đổi / registration form fields to change",
    "source_url": "Địa chỉ nguồn công bố / address of the published source",
    "ground": "Mã căn cứ thu hồi (GET /certificates/revocation-grounds) / revocation ground code",
}


def _field_words(name: str) -> str | None:
    if name in FIELDS:
        return FIELDS[name]
    if name.endswith("_vnd"):
        return "Số tiền, đồng / amount in VND (whole đồng)"
    if name.endswith("_percent"):
        return "Phần trăm / percent"
    if name.endswith("_at"):
        return "Thời điểm (ISO 8601) / date and time (ISO 8601)"
    if name.endswith("_on"):
        return "Ngày (YYYY-MM-DD) / date (YYYY-MM-DD)"
    if name.endswith("_id"):
        return "Mã số bản ghi liên quan / id of the related record"
    if name.endswith("_ids"):
        return "Mã số các bản ghi liên quan / ids of the related records"
    if name.endswith("_vi"):
        return "Bản tiếng Việt / Vietnamese text"
    if name.endswith("_en"):
        return "Bản tiếng Anh / English text"
    return None


def describe_fields(document: dict) -> None:
    """Give the recurring fields and query parameters their words where their schema gave none."""
    for component in document.get("components", {}).get("schemas", {}).values():
        for name, prop in component.get("properties", {}).items():
            if "description" not in prop and (words := _field_words(name)):
                prop["description"] = words
    for methods in document["paths"].values():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                if "description" not in parameter and (words := _field_words(parameter["name"])):
                    parameter["description"] = words
