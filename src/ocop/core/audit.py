"""The audit action registry: every action name written to the audit trail, with the words a person reads.

A service writes `audit_record(action="dossier.create", …)`; history pages show "Lập hồ sơ" /
"Dossier created" (`AuditEvent.action_label`). tests/core/test_audit_actions.py fails when code writes an
action that has no label here, so a new action is added here in the same change.
"""

from django.utils.translation import gettext, pgettext_lazy

# The actor_label of a change the platform made by itself (no person: a council's last sheet
# completing the scoring, a scheduled job); pages show it as words (`actor_name`).
SYSTEM_ACTOR = "system"

# Labels have their own context: "Nộp hồ sơ" here says what happened ("Dossier submitted"), on a
# button it says what to do ("Submit the dossier").

AUDIT_ACTIONS = {
    # accounts
    "user.create": pgettext_lazy("nhật ký", "Tạo tài khoản"),
    "api_token.create": pgettext_lazy("nhật ký", "Tạo khoá API"),
    "api_token.revoke": pgettext_lazy("nhật ký", "Thu hồi khoá API"),
    # criteria
    "criteria_set_load": pgettext_lazy("nhật ký", "Nạp bộ tiêu chí"),
    # producers and products
    "producer.create": pgettext_lazy("nhật ký", "Tạo chủ thể"),
    "producer.update": pgettext_lazy("nhật ký", "Sửa thông tin chủ thể"),
    "producer.archive": pgettext_lazy("nhật ký", "Lưu trữ chủ thể"),
    "producer.restore": pgettext_lazy("nhật ký", "Khôi phục chủ thể"),
    "producer.import_create": pgettext_lazy("nhật ký", "Tạo chủ thể từ tệp nhập"),
    "producer.import_update": pgettext_lazy("nhật ký", "Sửa chủ thể từ tệp nhập"),
    "product.create": pgettext_lazy("nhật ký", "Tạo sản phẩm"),
    "product.update": pgettext_lazy("nhật ký", "Sửa thông tin sản phẩm"),
    "product.archive": pgettext_lazy("nhật ký", "Lưu trữ sản phẩm"),
    "product.restore": pgettext_lazy("nhật ký", "Khôi phục sản phẩm"),
    "product.status": pgettext_lazy("nhật ký", "Đổi trạng thái chứng nhận của sản phẩm"),
    "product.photo_add": pgettext_lazy("nhật ký", "Thêm ảnh sản phẩm"),
    "product.photo_remove": pgettext_lazy("nhật ký", "Xoá ảnh sản phẩm"),
    "product.import_create": pgettext_lazy("nhật ký", "Tạo sản phẩm từ tệp nhập"),
    "product.import_update": pgettext_lazy("nhật ký", "Sửa sản phẩm từ tệp nhập"),
    "document.create": pgettext_lazy("nhật ký", "Thêm giấy tờ"),
    "document.update": pgettext_lazy("nhật ký", "Sửa giấy tờ"),
    # imports
    "import_job.upload": pgettext_lazy("nhật ký", "Tải lên tệp nhập"),
    "import_job.confirm": pgettext_lazy("nhật ký", "Xác nhận ghi tệp nhập"),
    "import_job.apply": pgettext_lazy("nhật ký", "Ghi dữ liệu từ tệp nhập"),
    # evaluations
    "round.open": pgettext_lazy("nhật ký", "Mở đợt đánh giá"),
    "council.form": pgettext_lazy("nhật ký", "Thành lập hội đồng"),
    "conflict.declare": pgettext_lazy("nhật ký", "Khai báo xung đột lợi ích"),
    "dossier.create": pgettext_lazy("nhật ký", "Lập hồ sơ"),
    "dossier.registration": pgettext_lazy("nhật ký", "Sửa phiếu đăng ký"),
    "dossier.self_assessment": pgettext_lazy("nhật ký", "Lưu tự đánh giá"),
    "dossier.evidence_add": pgettext_lazy("nhật ký", "Thêm minh chứng"),
    "dossier.evidence_remove": pgettext_lazy("nhật ký", "Xoá minh chứng"),
    "dossier.submit": pgettext_lazy("nhật ký", "Nộp hồ sơ"),
    "dossier.return": pgettext_lazy("nhật ký", "Trả lại hồ sơ"),
    "dossier.accept": pgettext_lazy("nhật ký", "Xã tiếp nhận hồ sơ"),
    "dossier.commune_assessment": pgettext_lazy("nhật ký", "Lưu đánh giá của xã"),
    "dossier.forward": pgettext_lazy("nhật ký", "Chuyển hồ sơ lên tỉnh"),
    "dossier.assign": pgettext_lazy("nhật ký", "Giao hồ sơ cho hội đồng"),
    "dossier.scored": pgettext_lazy("nhật ký", "Hội đồng chấm xong"),
    "dossier.close": pgettext_lazy("nhật ký", "Chốt điểm hồ sơ"),
    "dossier.forward_central": pgettext_lazy("nhật ký", "Chuyển hồ sơ lên Trung ương"),
    "dossier.decide": pgettext_lazy("nhật ký", "Ghi quyết định công nhận"),
    "dossier.historical": pgettext_lazy("nhật ký", "Ghi kết quả lịch sử"),
    "score.save": pgettext_lazy("nhật ký", "Lưu phiếu chấm"),
    "score.submit": pgettext_lazy("nhật ký", "Nộp phiếu chấm"),
    "score.revise": pgettext_lazy("nhật ký", "Sửa phiếu chấm đã nộp"),
    "historical_import.upload": pgettext_lazy("nhật ký", "Tải lên tệp kết quả lịch sử"),
    "historical_import.apply": pgettext_lazy("nhật ký", "Ghi kết quả lịch sử từ tệp"),
    # certificates
    "certificate.issue": pgettext_lazy("nhật ký", "Cấp giấy chứng nhận"),
    "certificate.supersede": pgettext_lazy("nhật ký", "Thay thế giấy chứng nhận"),
    "certificate.record_historical": pgettext_lazy("nhật ký", "Ghi giấy chứng nhận lịch sử"),
    "certificate.attach_decision_document": pgettext_lazy("nhật ký", "Đính kèm bản quét quyết định"),
    "certificate.revoke": pgettext_lazy("nhật ký", "Thu hồi giấy chứng nhận"),
    "certificate.expire": pgettext_lazy("nhật ký", "Giấy chứng nhận hết hạn"),
    "certificate.expiry_notice": pgettext_lazy("nhật ký", "Gửi thông báo sắp hết hạn"),
    # stamps
    "stamp_run.create": pgettext_lazy("nhật ký", "Tạo đợt tem"),
    "stamp_run.void": pgettext_lazy("nhật ký", "Huỷ khoảng tem"),
    "stamp_report.handle": pgettext_lazy("nhật ký", "Xử lý báo cáo tem nghi giả"),
    # promotion
    "event_series.create": pgettext_lazy("nhật ký", "Tạo chuỗi sự kiện"),
    "event.create": pgettext_lazy("nhật ký", "Tạo sự kiện"),
    "event.update": pgettext_lazy("nhật ký", "Sửa sự kiện"),
    "event.status": pgettext_lazy("nhật ký", "Đổi trạng thái sự kiện"),
    "booth.create": pgettext_lazy("nhật ký", "Thêm gian hàng"),
    "booth.update": pgettext_lazy("nhật ký", "Sửa gian hàng"),
    "booth_sale.create": pgettext_lazy("nhật ký", "Nhập doanh thu gian hàng"),
    "booth_sale.update": pgettext_lazy("nhật ký", "Sửa doanh thu gian hàng"),
    "visits.create": pgettext_lazy("nhật ký", "Nhập lượt khách"),
    "visits.update": pgettext_lazy("nhật ký", "Sửa lượt khách"),
    "event_agreement.create": pgettext_lazy("nhật ký", "Ghi thoả thuận ký tại sự kiện"),
    "figure_import.preview": pgettext_lazy("nhật ký", "Xem trước tệp số liệu sự kiện"),
    "figure_import.apply": pgettext_lazy("nhật ký", "Ghi số liệu sự kiện từ tệp"),
    # trade
    "trade.partner_create": pgettext_lazy("nhật ký", "Tạo đối tác"),
    "trade.agreement_create": pgettext_lazy("nhật ký", "Tạo thoả thuận phân phối"),
    "trade.agreement_update": pgettext_lazy("nhật ký", "Sửa thoả thuận phân phối"),
    "trade.listing_create": pgettext_lazy("nhật ký", "Thêm gian hàng trên sàn"),
    "trade.listing_update": pgettext_lazy("nhật ký", "Sửa gian hàng trên sàn"),
    "trade.sales_point_create": pgettext_lazy("nhật ký", "Thêm điểm bán"),
    "trade.sales_point_update": pgettext_lazy("nhật ký", "Sửa điểm bán"),
    "trade.credential_create": pgettext_lazy("nhật ký", "Thêm giấy tờ xuất khẩu"),
    "trade.credential_update": pgettext_lazy("nhật ký", "Sửa giấy tờ xuất khẩu"),
    "trade.export_profile_update": pgettext_lazy("nhật ký", "Sửa hồ sơ xuất khẩu"),
    "trade.inquiry_submit": pgettext_lazy("nhật ký", "Gửi yêu cầu mua hàng"),
    "trade.inquiry_reply": pgettext_lazy("nhật ký", "Trả lời yêu cầu mua hàng"),
    "trade.inquiry_status": pgettext_lazy("nhật ký", "Đổi trạng thái yêu cầu mua hàng"),
    # programme
    "sales_line.create": pgettext_lazy("nhật ký", "Nhập doanh số"),
    "sales_line.update": pgettext_lazy("nhật ký", "Sửa doanh số"),
    "sales_line.delete": pgettext_lazy("nhật ký", "Xoá doanh số"),
    "sales_import.apply": pgettext_lazy("nhật ký", "Ghi doanh số từ tệp"),
    "target.set": pgettext_lazy("nhật ký", "Đặt mục tiêu"),
    "target.delete": pgettext_lazy("nhật ký", "Xoá mục tiêu"),
    "reported_statistic.record": pgettext_lazy("nhật ký", "Ghi số liệu công bố"),
    "funding.create": pgettext_lazy("nhật ký", "Ghi kinh phí"),
    "funding.delete": pgettext_lazy("nhật ký", "Xoá kinh phí"),
    "investment_selection.create": pgettext_lazy("nhật ký", "Chọn sản phẩm đầu tư trọng điểm"),
    # exchange
    "exchange.import": pgettext_lazy("nhật ký", "Nhập từ dữ liệu trao đổi"),
}


def action_label(action: str) -> str:
    """The words for an action name; the name itself for an action this registry does not know."""
    label = AUDIT_ACTIONS.get(action)
    return str(label) if label is not None else action


def actor_name(actor_label: str) -> str:
    """Who made a change, for a person to read: the account's name, or "Hệ thống" for the platform."""
    return gettext("Hệ thống") if actor_label in ("", SYSTEM_ACTOR) else actor_label
