"""The evaluation workflow: dossiers, rounds, councils, score sheets, council results, decisions.

A dossier is one product's application in one criteria version. Its life:

    draft → submitted → (returned → submitted …) → accepted → forwarded → assigned → closed → decided
                                                                               closed → forwarded_central
                                                   forwarded_central → assigned (central) → closed → decided

Every transition is a service function (services.py) that checks role, state and scope and writes
an audit event. Score sheets of three kinds share one storage: the producer's self-assessment, the
commune's pre-evaluation of the four local criteria, and each council member's sheet.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Role
from ocop.accounts.policy import Named, ScopePaths
from ocop.core.models import TimeStampedModel


class DossierKind(models.TextChoices):
    FIRST = "first", _("Đánh giá lần đầu")
    UPGRADE = "upgrade", _("Đánh giá nâng hạng")
    RE_EVALUATION = "re_evaluation", _("Đánh giá lại")


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp, chờ xã kiểm tra")
    RETURNED = "returned", _("Bị trả lại để bổ sung")
    ACCEPTED = "accepted", _("Xã đã tiếp nhận")
    FORWARDED = "forwarded", _("Đã chuyển lên tỉnh")
    ASSIGNED = "assigned", _("Hội đồng đang chấm")
    CLOSED = "closed", _("Hội đồng đã chốt điểm")
    FORWARDED_CENTRAL = "forwarded_central", _("Chuyển Trung ương xét 5 sao")
    DECIDED = "decided", _("Đã có quyết định")


class Level(models.TextChoices):
    """Who acts: the evaluation level of a round, and the authority behind a decision."""

    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Trung ương")


def _council_sees_dossier(prefix: str = "") -> dict[str, tuple[Named, ...]]:
    """A council member sees the dossiers assigned to them, and as chair or secretary every one of the round."""
    return {
        Role.COUNCIL_MEMBER: (
            Named(f"{prefix}assignments__member__user"),
            Named(
                f"{prefix}round__council__members__user",
                where=((f"{prefix}round__council__members__role__in", ("chair", "secretary")),),
            ),
        )
    }


def _dossier_scope(prefix: str = "") -> ScopePaths:
    return ScopePaths(
        province=f"{prefix}producer__commune__province",
        commune=f"{prefix}producer__commune",
        producer=f"{prefix}producer",
        personal=_council_sees_dossier(prefix),
    )


DOSSIER_SCOPE = _dossier_scope()


class EvaluationRound(TimeStampedModel):
    """An evaluation round (đợt đánh giá): a province's, or the central one for ★5."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang mở")
        CLOSED = "closed", _("Đã kết thúc")

    scope_paths = ScopePaths(province="province", personal={Role.COUNCIL_MEMBER: (Named("council__members__user"),)})
    change_roles = {Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER}

    level = models.CharField(_("cấp"), max_length=12, choices=Level.choices, default=Level.PROVINCE)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("đợt số"))
    name = models.CharField(_("tên đợt"), max_length=200)
    criteria_version = models.ForeignKey(
        "criteria.CriteriaVersion", verbose_name=_("phiên bản bộ tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    opens_on = models.DateField(_("ngày bắt đầu"))
    closes_on = models.DateField(_("ngày kết thúc"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "number"],
                condition=Q(level="province"),
                name="evaluation_round_unique_per_province",
                violation_error_message=_("Tỉnh đã có đợt đánh giá cùng số trong năm này."),
            ),
            models.UniqueConstraint(
                fields=["year", "number"],
                condition=Q(level="central"),
                name="evaluation_round_unique_central",
                violation_error_message=_("Trung ương đã có đợt đánh giá cùng số trong năm này."),
            ),
            models.CheckConstraint(
                condition=(Q(level="province", province__isnull=False) | Q(level="central", province__isnull=True)),
                name="evaluation_round_level_matches_province",
                violation_error_message=_("Đợt cấp tỉnh phải có tỉnh; đợt trung ương không thuộc tỉnh nào."),
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="evaluation_round_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Council(TimeStampedModel):
    """The council of a round: a chair, members and a secretary."""

    scope_paths = ScopePaths(province="round__province", personal={Role.COUNCIL_MEMBER: (Named("members__user"),)})

    round = models.OneToOneField(EvaluationRound, on_delete=models.CASCADE, related_name="council")
    name = models.CharField(_("tên hội đồng"), max_length=200)

    class Meta:
        verbose_name = _("hội đồng đánh giá")
        verbose_name_plural = _("hội đồng đánh giá")

    def __str__(self) -> str:
        return self.name


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch hội đồng")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


SCORING_ROLES = (CouncilRole.CHAIR, CouncilRole.MEMBER)


class CouncilMember(TimeStampedModel):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    role = models.CharField(_("vai trò"), max_length=10, choices=CouncilRole.choices)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user"],
                name="council_member_unique_user",
                violation_error_message=_("Người này đã có trong hội đồng."),
            ),
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="chair"),
                name="council_one_chair",
                violation_error_message=_("Hội đồng chỉ có một chủ tịch."),
            ),
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="secretary"),
                name="council_one_secretary",
                violation_error_message=_("Hội đồng chỉ có một thư ký."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def scores(self) -> bool:
        return self.role in SCORING_ROLES


class ConflictOfInterest(TimeStampedModel):
    """A member declares a conflict with a product: they cannot be assigned its dossier."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="conflicts")
    product = models.ForeignKey("products.Product", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("lý do"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("xung đột lợi ích")
        verbose_name_plural = _("xung đột lợi ích")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "product"],
                name="conflict_unique_member_product",
                violation_error_message=_("Xung đột lợi ích với sản phẩm này đã được khai báo."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.product}"


class Dossier(TimeStampedModel):
    """One product's evaluation dossier (hồ sơ đánh giá, phân hạng)."""

    scope_paths = DOSSIER_SCOPE
    change_roles = {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.PROVINCIAL_OFFICER}

    product = models.ForeignKey(
        "products.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="dossiers"
    )
    producer = models.ForeignKey(
        "producers.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="dossiers"
    )
    kind = models.CharField(_("loại hồ sơ"), max_length=16, choices=DossierKind.choices, default=DossierKind.FIRST)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.DRAFT, db_index=True
    )
    criteria_version = models.ForeignKey(
        "criteria.CriteriaVersion", verbose_name=_("phiên bản bộ tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    # Null only for historical results (QĐ 1048 has no product sets in the platform).
    product_set = models.ForeignKey(
        "criteria.ProductSet",
        verbose_name=_("bộ sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("đợt đánh giá"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # Registration form (Mẫu 01), prefilled from the registry when the dossier is opened.
    registration = models.JSONField(_("phiếu đăng ký"), default=dict, blank=True)
    self_total = models.DecimalField(_("tự chấm: tổng điểm"), max_digits=6, decimal_places=2, null=True, blank=True)
    self_stars = models.PositiveSmallIntegerField(_("tự chấm: hạng sao"), null=True, blank=True)
    total = models.DecimalField(_("tổng điểm hội đồng"), max_digits=6, decimal_places=2, null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    is_historical = models.BooleanField(_("kết quả lịch sử (nhập từ Excel)"), default=False)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hồ sơ đánh giá")
        verbose_name_plural = _("hồ sơ đánh giá")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_historical=True) | Q(product_set__isnull=False),
                name="dossier_has_product_set_unless_historical",
                violation_error_message=_("Hồ sơ cần có bộ sản phẩm (chỉ kết quả lịch sử mới được để trống)."),
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=~Q(status="decided") & Q(is_historical=False),
                name="dossier_one_open_per_product",
                violation_error_message=_("Sản phẩm này đang có một hồ sơ chưa có quyết định."),
            ),
            models.CheckConstraint(
                condition=Q(stars__isnull=True) | Q(stars__gte=0, stars__lte=5),
                name="dossier_stars_range",
                violation_error_message=_("Hạng sao phải từ 0 đến 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} – {self.get_kind_display()}"


class DossierVersion(models.Model):
    """What was submitted each time: kept when a dossier is returned and submitted again."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("lần nộp"))
    submitted_at = models.DateTimeField(_("nộp lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # {"registration": {...}, "answers": {criterion: option|None}, "knockouts": [...], "self_total": "..",
    #  "self_stars": n, "evidence": [{"id", "kind", "name", "size"}]}
    snapshot = models.JSONField(_("nội dung đã nộp"))
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    class Meta:
        verbose_name = _("lần nộp hồ sơ")
        verbose_name_plural = _("lần nộp hồ sơ")
        ordering = ["dossier", "number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="dossier_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.dossier} #{self.number}"


class EvidenceKind(models.TextChoices):
    """What an evidence file proves: the registry's document kinds plus dossier-only papers."""

    FOOD_SAFETY_FACILITY = "food_safety_facility", _("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm")
    QUALITY_DECLARATION = "quality_declaration", _("Bản tự công bố, công bố chất lượng sản phẩm")
    TEST_REPORT = "test_report", _("Phiếu kết quả kiểm nghiệm")
    VIETGAP = "vietgap", _("VietGAP")
    GLOBALGAP = "globalgap", _("GlobalG.A.P.")
    ORGANIC = "organic", _("Chứng nhận hữu cơ")
    HACCP = "haccp", _("HACCP")
    ISO_22000 = "iso_22000", _("ISO 22000")
    HALAL = "halal", _("Halal")
    TRADEMARK = "trademark", _("Giấy chứng nhận đăng ký nhãn hiệu")
    GEOGRAPHICAL_INDICATION = "geographical_indication", _("Quyền sử dụng chỉ dẫn địa lý")
    BUSINESS_REGISTRATION = "business_registration", _("Giấy chứng nhận đăng ký kinh doanh")
    LABEL = "label", _("Nhãn sản phẩm")
    CONTRACT = "contract", _("Hợp đồng liên kết, phân phối")
    ENVIRONMENT = "environment", _("Hồ sơ, thủ tục về môi trường")
    OTHER = "other", _("Khác")


class EvidenceFile(TimeStampedModel):
    scope_paths = _dossier_scope("dossier__")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("loại minh chứng"), max_length=32, choices=EvidenceKind.choices)
    file = models.FileField(_("tệp"), upload_to="evaluations/evidence/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("định dạng"), max_length=50)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.original_name


class SheetKind(models.TextChoices):
    SELF = "self", _("Tự đánh giá của chủ thể")
    COMMUNE = "commune", _("Đánh giá sơ bộ của xã")
    MEMBER = "member", _("Phiếu chấm của thành viên hội đồng")


class ScoreSheet(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chấm")
        SUBMITTED = "submitted", _("Đã nộp")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="sheets")
    kind = models.CharField(_("loại phiếu"), max_length=10, choices=SheetKind.choices)
    round = models.ForeignKey(EvaluationRound, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(CouncilMember, null=True, blank=True, on_delete=models.PROTECT, related_name="sheets")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2, null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True)
    knockouts = models.JSONField(_("điều kiện loại trừ xảy ra"), default=list, blank=True)
    comment = models.TextField(_("nhận xét"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        ordering = ["dossier", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "kind"],
                condition=Q(kind__in=["self", "commune"]),
                name="score_sheet_one_self_and_commune",
            ),
            models.UniqueConstraint(
                fields=["dossier", "member"],
                condition=Q(member__isnull=False),
                name="score_sheet_one_per_member",
                violation_error_message=_("Thành viên đã có phiếu chấm cho hồ sơ này."),
            ),
            models.CheckConstraint(
                condition=Q(kind="member", member__isnull=False, round__isnull=False)
                | (~Q(kind="member") & Q(member__isnull=True)),
                name="score_sheet_member_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.dossier}"


class ScoreAnswer(models.Model):
    """One criterion's answer on a sheet: an option, or none (“không phương án nào phù hợp”)."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey("criteria.Criterion", on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey("criteria.Option", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_answer_one_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.option_id}"


class Assignment(TimeStampedModel):
    """A council member assigned to score a dossier in a round."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="assignments")
    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="assignments")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        verbose_name = _("phân công chấm")
        verbose_name_plural = _("phân công chấm")
        constraints = [models.UniqueConstraint(fields=["dossier", "member"], name="assignment_unique_member")]

    def __str__(self) -> str:
        return f"{self.member} → {self.dossier}"


class CouncilResult(TimeStampedModel):
    """The chair's closing of one dossier in one round: the mean, the star, the outliers discussed."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="results")
    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="results")
    total = models.DecimalField(_("tổng điểm (trung bình)"), max_digits=6, decimal_places=2)
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    band_stars = models.PositiveSmallIntegerField(_("hạng theo thang điểm"))
    median = models.DecimalField(_("trung vị"), max_digits=6, decimal_places=2)
    # [{"member_id", "user", "total"}], the totals the mean was computed from
    member_totals = models.JSONField(_("tổng điểm từng thành viên"))
    # [{"member_id", "user", "total", "difference"}], members more than 15 points from the median
    outliers = models.JSONField(_("thành viên lệch nhiều"), default=list, blank=True)
    outlier_reason = models.TextField(_("ý kiến thảo luận về điểm lệch"), blank=True)
    agreed_answers = models.JSONField(_("phương án thống nhất"), default=dict)
    disqualified = models.BooleanField(_("bị loại"), default=False)
    forwarded = models.BooleanField(_("chuyển cấp trên"), default=False)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kết quả hội đồng")
        verbose_name_plural = _("kết quả hội đồng")
        ordering = ["dossier", "id"]
        constraints = [models.UniqueConstraint(fields=["dossier", "round"], name="council_result_one_per_round")]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.total}"


class Decision(TimeStampedModel):
    """The decision recognising (or not) a product's star, recorded by the council's secretary."""

    scope_paths = _dossier_scope("dossier__")

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="decision")
    product = models.ForeignKey("products.Product", on_delete=models.PROTECT, related_name="evaluation_decisions")
    criteria_version = models.ForeignKey("criteria.CriteriaVersion", on_delete=models.PROTECT, related_name="+")
    product_set = models.ForeignKey(
        "criteria.ProductSet", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    round = models.ForeignKey(EvaluationRound, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(_("cấp công nhận"), max_length=12, choices=Level.choices)
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2)
    recognised = models.BooleanField(_("được công nhận"))
    number = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    is_historical = models.BooleanField(_("kết quả lịch sử"), default=False)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=0, stars__lte=5),
                name="decision_stars_range",
                violation_error_message=_("Hạng sao phải từ 0 đến 5."),
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0, total__lte=100),
                name="decision_total_range",
                violation_error_message=_("Tổng điểm phải từ 0 đến 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.product}"


class Notification(models.Model):
    """An in-app notice to one user; the same text goes by email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # What caused it, so that a task run twice creates it once ("audit:<event id>").
    key = models.CharField(max_length=100)
    message_vi = models.TextField(_("nội dung (tiếng Việt)"))
    message_en = models.TextField(_("nội dung (tiếng Anh)"))
    link = models.CharField(_("liên kết"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message_vi[:80]


class HistoricalImport(TimeStampedModel):
    """An Excel file of past results: validated and previewed, then applied on confirmation."""

    class Status(models.TextChoices):
        READY = "ready", _("Sẵn sàng ghi")
        INVALID = "invalid", _("Có lỗi")
        DONE = "done", _("Đã ghi")

    # The provincial office imports; the central office reads. Not the council: it sees assigned dossiers only.
    scope_paths = ScopePaths(province="province", roles=frozenset({Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER}))
    change_roles = {Role.PROVINCIAL_OFFICER}

    province = models.ForeignKey("geo.Province", on_delete=models.PROTECT, related_name="+")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices)
    # The validated rows: [{"row", "product_id", "product", "year", "version", "total", "stars", "number", "date",
    #  "authority"}]
    rows = models.JSONField(_("các dòng hợp lệ"), default=list, blank=True)
    problems = models.JSONField(_("lỗi"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)
    applied_count = models.PositiveIntegerField(_("số kết quả đã ghi"), default=0)

    class Meta:
        verbose_name = _("nhập kết quả lịch sử")
        verbose_name_plural = _("nhập kết quả lịch sử")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
