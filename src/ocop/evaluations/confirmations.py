"""What the confirmation step of each consequential evaluation action says will happen (core.confirm):
submitting a dossier, returning it, forwarding it to the province, closing a product's scoring and
recording the decision. Built from the selectors' data, worded in the active language."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.core.confirm import Confirmation
from ocop.core.formatting import dmy, localized, number
from ocop.evaluations.models import Dossier
from ocop.evaluations.selectors import DossierDetail


def _dossier_url(dossier: Dossier) -> str:
    return reverse("evaluations:dossier", args=[dossier.pk])


def _facts(dossier: Dossier) -> list[tuple[str, object]]:
    return [
        (_("Sản phẩm"), localized(dossier.product, "name")),
        (_("Chủ thể"), dossier.producer.legal_name),
        (_("Loại hồ sơ"), dossier.get_kind_display()),
        (_("Trạng thái hiện nay"), dossier.get_status_display()),
    ]


def _points(value) -> str:
    return _("%(points)s điểm") % {"points": number(value, 2).rstrip("0").rstrip(",.") if value is not None else "—"}


def submit(detail: DossierDetail) -> Confirmation:
    dossier = detail.dossier
    facts = _facts(dossier)
    if dossier.self_total is not None:
        facts.append((_("Tự đánh giá"), _points(dossier.self_total)))
    facts.append((_("Minh chứng đã tải lên"), len(detail.evidence)))
    return Confirmation(
        title=_("Nộp hồ sơ đánh giá?"),
        subject=_("Hồ sơ đánh giá sản phẩm “%(product)s”") % {"product": localized(dossier.product, "name")},
        facts=facts,
        consequences=[
            _("Hồ sơ được gửi tới cán bộ OCOP của %(commune)s để kiểm tra và đánh giá sơ bộ.")
            % {"commune": dossier.producer.commune.name},
            _(
                "Từ lúc nộp, bạn không sửa được phiếu tự đánh giá, phiếu đăng ký và minh chứng nữa, trừ khi xã trả "
                "lại hồ sơ để bổ sung."
            ),
            _("Lần nộp thứ %(number)s được ghi lại cùng thời điểm nộp trong lịch sử của hồ sơ.")
            % {"number": len(detail.versions) + 1},
        ],
        warnings=[
            _("Còn thiếu minh chứng: %(items)s. Hệ thống sẽ từ chối nộp cho tới khi đủ.")
            % {"items": "; ".join(str(r.label) for r in detail.missing)}
        ]
        if detail.missing
        else [],
        button=_("Xác nhận nộp hồ sơ"),
        action_url=reverse("evaluations:dossier_action", args=[dossier.pk, "submit"]),
        cancel_url=_dossier_url(dossier),
    )


def return_(detail: DossierDetail, form) -> Confirmation:
    dossier = detail.dossier
    reason = form.cleaned_reason()
    return Confirmation(
        title=_("Trả lại hồ sơ cho chủ thể?"),
        subject=_("Hồ sơ đánh giá sản phẩm “%(product)s”") % {"product": localized(dossier.product, "name")},
        facts=_facts(dossier),
        consequences=[
            _("Hồ sơ trở về chủ thể %(producer)s ở trạng thái “Bị trả lại để bổ sung”, kèm lý do ghi dưới đây.")
            % {"producer": dossier.producer.legal_name},
            _("Chủ thể sửa, bổ sung rồi nộp lại; lần nộp mới được đánh số tiếp theo."),
        ],
        warnings=[] if reason else [_("Hãy ghi lý do trả lại: chủ thể cần sửa, bổ sung gì.")],
        form=form,
        button=_("Xác nhận trả lại hồ sơ"),
        action_url=reverse("evaluations:dossier_action", args=[dossier.pk, "return"]),
        cancel_url=_dossier_url(dossier),
    )


def forward(detail: DossierDetail) -> Confirmation:
    dossier = detail.dossier
    facts = _facts(dossier)
    if detail.commune is not None:
        facts.append((_("Điểm sơ bộ 4 tiêu chí địa phương"), _points(detail.commune.total)))
    return Confirmation(
        title=_("Chuyển hồ sơ lên tỉnh?"),
        subject=_("Hồ sơ đánh giá sản phẩm “%(product)s”") % {"product": localized(dossier.product, "name")},
        facts=facts,
        consequences=[
            _("Hồ sơ chuyển tới cơ quan OCOP của %(province)s để xếp vào một đợt đánh giá của hội đồng tỉnh.")
            % {"province": dossier.producer.commune.province.name},
            _("Xã không còn trả lại hồ sơ hay sửa kết quả đánh giá sơ bộ được nữa."),
        ],
        warnings=[]
        if detail.commune is not None
        else [_("Xã chưa ghi kết quả đánh giá sơ bộ: hệ thống sẽ từ chối chuyển hồ sơ.")],
        button=_("Xác nhận chuyển lên tỉnh"),
        action_url=reverse("evaluations:dossier_action", args=[dossier.pk, "forward"]),
        cancel_url=_dossier_url(dossier),
    )


def close(dossier: Dossier, *, outlier_reason: str, preview_total, pending: list[str]) -> Confirmation:
    facts = _facts(dossier)
    if preview_total is not None:
        facts.append((_("Tổng điểm hội đồng sẽ chốt (trung bình)"), _points(preview_total)))
    facts.append((_("Ý kiến thảo luận về điểm lệch"), outlier_reason or "—"))
    return Confirmation(
        title=_("Chốt điểm sản phẩm?"),
        subject=_("Chấm điểm sản phẩm “%(product)s”") % {"product": localized(dossier.product, "name")},
        facts=facts,
        consequences=[
            _("Điểm của sản phẩm được chốt bằng trung bình tổng điểm các thành viên đã nộp phiếu; hạng sao theo đó."),
            _("Không thành viên nào sửa được phiếu chấm của mình cho sản phẩm này nữa."),
            _("Hồ sơ chuyển sang chờ thư ký hội đồng ghi quyết định."),
        ],
        warnings=[_("Chưa nộp phiếu: %(names)s. Hệ thống sẽ từ chối chốt điểm.") % {"names": ", ".join(pending)}]
        if pending
        else [],
        carried={"outlier_reason": outlier_reason},
        button=_("Xác nhận chốt điểm"),
        action_url=reverse("evaluations:close", args=[dossier.pk]),
        cancel_url=reverse("evaluations:close", args=[dossier.pk]),
        edit_url=reverse("evaluations:close", args=[dossier.pk]),
    )


def decision(dossier: Dossier, *, cleaned: dict, carried: dict, stars: int | None, total) -> Confirmation:
    facts = _facts(dossier)
    facts += [
        (_("Số quyết định"), cleaned["number"]),
        (_("Ngày quyết định"), dmy(cleaned["decided_on"])),
        (_("Người ký"), ", ".join(part for part in (cleaned["signer_name"], cleaned.get("signer_title")) if part)),
    ]
    if stars is not None:
        facts.append(
            (_("Kết quả hội đồng"), _("%(points)s, %(stars)s sao") % {"points": _points(total), "stars": stars})
        )
    product = localized(dossier.product, "name")
    consequences = [
        _(
            "Quyết định số %(number)s ngày %(day)s được ghi cho sản phẩm “%(product)s”; hồ sơ chuyển sang “Đã có quyết định”."
        )
        % {"number": cleaned["number"], "day": dmy(cleaned["decided_on"]), "product": product},
    ]
    if stars is not None and stars >= dossier.criteria_version.certified_min_stars:
        consequences.append(
            _(
                "Nếu cấp này công nhận hạng %(stars)s sao, giấy chứng nhận OCOP được cấp ngay theo quyết định và hiện "
                "trên trang xác thực công khai, trong danh mục sản phẩm OCOP."
            )
            % {"stars": stars}
        )
    else:
        consequences.append(
            _("Sản phẩm chưa đạt hạng được công nhận: quyết định ghi kết quả, không cấp giấy chứng nhận.")
        )
    consequences.append(_("Quyết định đã ghi không sửa hay xoá được trên nền tảng."))
    return Confirmation(
        title=_("Ghi quyết định?"),
        subject=_("Quyết định công nhận sản phẩm “%(product)s”") % {"product": product},
        facts=facts,
        consequences=consequences,
        carried=carried,
        button=_("Xác nhận ghi quyết định"),
        action_url=reverse("evaluations:decision", args=[dossier.pk]),
        cancel_url=reverse("evaluations:decision", args=[dossier.pk]),
        edit_url=reverse("evaluations:decision", args=[dossier.pk]),
    )
