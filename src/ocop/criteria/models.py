"""Criteria versions, the product taxonomy they define, and each product set's scoring sheet.

A sheet is a tree: Part (A/B/C) → Section (1., 2., …) → Criterion (a), b), …; a criterion may hold
sub-criteria, and a section may hold its options directly, in which case the importer creates one
criterion for it) → Option (□ …, with its points). Evaluations point at a version, a product set,
criteria and options; the codes below are stable across re-imports of the same data.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.formatting import in_language, localized
from ocop.core.models import TimeStampedModel


class CriteriaVersion(TimeStampedModel):
    """One legal version of the criteria (QĐ 1048/2019, QĐ 148/2023…). Its numbers are data."""

    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    legal_document = models.CharField(_("văn bản pháp lý"), max_length=300)
    signed_on = models.DateField(_("ngày ký"))
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    max_total = models.DecimalField(_("tổng điểm tối đa"), max_digits=6, decimal_places=2)
    # [{"code": "A", "name_vi": "…", "name_en": "…", "max_points": "40"}, …] in order
    parts = models.JSONField(_("các phần và điểm tối đa"))
    # [{"stars": 5, "min_total": "90"}, …, {"stars": 1, "min_total": "0"}], highest first
    star_bands = models.JSONField(_("thang hạng sao"))
    certified_min_stars = models.PositiveSmallIntegerField(_("hạng sao tối thiểu được công nhận"), default=3)
    has_sheets = models.BooleanField(_("có phiếu chấm đầy đủ"), default=False)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("phiên bản bộ tiêu chí")
        verbose_name_plural = _("phiên bản bộ tiêu chí")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="criteria_version_dates_ordered",
            ),
            models.CheckConstraint(condition=Q(max_total__gt=0), name="criteria_version_max_positive"),
        ]

    def __str__(self) -> str:
        return localized(self)


class ProductGroup(TimeStampedModel):
    """A group of product sets in a version (QĐ 148: 6 groups; QĐ 1048: 6 industries)."""

    version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="groups")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    code = models.SlugField(_("mã"), max_length=80)
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300)

    class Meta:
        verbose_name = _("nhóm sản phẩm")
        verbose_name_plural = _("nhóm sản phẩm")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="criteria_group_unique_number"),
            models.UniqueConstraint(fields=["version", "code"], name="criteria_group_unique_code"),
        ]

    def __str__(self) -> str:
        return localized(self)


class ProductSet(TimeStampedModel):
    """A product set (bộ sản phẩm) with its own scoring sheet, numbered as in the decision's annex."""

    class Status(models.TextChoices):
        VERIFIED = "verified", _("Đã kiểm tra, cộng đúng")
        CORRECTED = "corrected", _("Đã hiệu chỉnh có ghi nhận")
        UNVERIFIED = "unverified", _("Chưa kiểm chứng")

    version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="product_sets")
    group = models.ForeignKey(ProductGroup, on_delete=models.PROTECT, related_name="product_sets")
    number = models.PositiveSmallIntegerField(_("số bộ"))
    code = models.CharField(_("mã"), max_length=10)
    slug = models.SlugField(_("đường dẫn"), max_length=120)
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300)
    status = models.CharField(_("tình trạng dữ liệu"), max_length=12, choices=Status.choices)
    max_total = models.DecimalField(_("tổng điểm tối đa đạt được"), max_digits=6, decimal_places=2)
    source_file = models.CharField(_("tệp nguồn"), max_length=200, blank=True)
    source_sha256 = models.CharField(_("mã băm tệp nguồn"), max_length=64, blank=True)
    # Hash of the source, the corrections applied and the importer revision: unchanged → not reloaded.
    fingerprint = models.CharField(_("dấu vân tay dữ liệu"), max_length=64, blank=True)
    # Every problem the importer found: [{"line", "field", "severity", "code", "message", "resolution"}]
    problems = models.JSONField(_("vấn đề dữ liệu"), default=list, blank=True)
    # Every correction applied: [{"line", "field", "old", "new", "why", "evidence"}]
    corrections = models.JSONField(_("hiệu chỉnh đã áp dụng"), default=list, blank=True)
    unverified_reason = models.TextField(_("lý do chưa kiểm chứng"), blank=True)

    class Meta:
        verbose_name = _("bộ sản phẩm")
        verbose_name_plural = _("bộ sản phẩm")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="criteria_set_unique_number"),
            models.UniqueConstraint(fields=["version", "code"], name="criteria_set_unique_code"),
            models.UniqueConstraint(fields=["version", "slug"], name="criteria_set_unique_slug"),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=99), name="criteria_set_number_range"),
            models.CheckConstraint(
                condition=Q(status__in=["verified", "corrected", "unverified"]), name="criteria_set_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="unverified") | ~Q(unverified_reason=""), name="criteria_set_unverified_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {localized(self)}"

    @property
    def unverified_note(self) -> str:
        """The technical reason the sheet is unverified, in the active language (stored as "vi / en")."""
        vietnamese, _separator, english = self.unverified_reason.partition(" / ")
        return in_language(vietnamese.strip(), english.strip())

    @property
    def is_usable_without_warning(self) -> bool:
        return self.status != self.Status.UNVERIFIED


class Part(models.Model):
    """Part A, B or C of one product set's sheet."""

    product_set = models.ForeignKey(ProductSet, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("mã"), max_length=2)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("tên"), max_length=300)
    source_title = models.TextField(_("tiêu đề như trong tệp nguồn"), blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    source_line = models.PositiveIntegerField(_("dòng nguồn"))

    class Meta:
        verbose_name = _("phần")
        verbose_name_plural = _("phần")
        ordering = ["product_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["product_set", "code"], name="criteria_part_unique_code"),
            models.UniqueConstraint(fields=["product_set", "position"], name="criteria_part_unique_position"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criteria_part_max_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Section(models.Model):
    """A numbered section (1. TỔ CHỨC SẢN XUẤT…). Sections are numbered through the whole sheet."""

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("mã"), max_length=10)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.TextField(_("tên"))
    description = models.TextField(_("mô tả, yêu cầu, ghi chú"), blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    # "Lựa chọn một trong hai trường hợp sau": the assessor scores exactly one of its criteria.
    choose_one = models.BooleanField(_("chọn một trong các trường hợp"), default=False)
    source_line = models.PositiveIntegerField(_("dòng nguồn"))

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["part", "position"]
        constraints = [
            models.UniqueConstraint(fields=["part", "code"], name="criteria_section_unique_code"),
            models.UniqueConstraint(fields=["part", "position"], name="criteria_section_unique_position"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criteria_section_max_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Criterion(models.Model):
    """A criterion, or a sub-criterion when `parent` is set. Only criteria with options are answered."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="sub_criteria")
    product_set = models.ForeignKey(ProductSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã"), max_length=20)
    label = models.CharField(_("ký hiệu"), max_length=10, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.TextField(_("tên"))
    description = models.TextField(_("mô tả, yêu cầu, ghi chú"), blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    # A criterion-row star mark: the criterion must score above zero for that star level.
    mandatory_stars = models.PositiveSmallIntegerField(_("bắt buộc từ hạng sao"), null=True, blank=True)
    # The criterion counts only when another criterion (the story) scored above zero.
    requires_criterion = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="dependants"
    )
    source_line = models.PositiveIntegerField(_("dòng nguồn"))

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["product_set", "source_line"]
        constraints = [
            models.UniqueConstraint(fields=["product_set", "code"], name="criteria_criterion_unique_code"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criteria_criterion_max_nonnegative"),
            models.CheckConstraint(
                condition=Q(mandatory_stars__isnull=True) | Q(mandatory_stars__gte=1, mandatory_stars__lte=5),
                name="criteria_criterion_mandatory_stars_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"


class Option(models.Model):
    """An answer option (□ …) and the points it earns."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(_("mã"), max_length=24)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))
    note = models.TextField(_("ghi chú"), blank=True)
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    # The option is a mandatory minimum for this star level (and every level above it).
    mandatory_stars = models.PositiveSmallIntegerField(_("bắt buộc từ hạng sao"), null=True, blank=True)
    source_line = models.PositiveIntegerField(_("dòng nguồn"))

    class Meta:
        verbose_name = _("phương án")
        verbose_name_plural = _("phương án")
        ordering = ["criterion", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "position"], name="criteria_option_unique_position"),
            models.UniqueConstraint(fields=["criterion", "code"], name="criteria_option_unique_code"),
            models.CheckConstraint(condition=Q(points__gte=0), name="criteria_option_points_nonnegative"),
            models.CheckConstraint(
                condition=Q(mandatory_stars__isnull=True) | Q(mandatory_stars__gte=1, mandatory_stars__lte=5),
                name="criteria_option_mandatory_stars_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.points}) {self.text[:80]}"


class Knockout(models.Model):
    """A knock-out printed in a sheet: when it applies, the block it names is not scored."""

    class Kind(models.TextChoices):
        HAZARDOUS_IMPURITY = "hazardous_impurity", _("Tạp chất nguy hại: dừng chấm cảm quan")
        FOOD_SAFETY_CERTIFICATE = "food_safety_certificate", _("Không có chứng nhận ATTP hợp lệ")
        COMMON_PRODUCT = "common_product", _("Sản phẩm phổ biến, không nổi trội")
        DISQUALIFYING = "disqualifying", _("Bị loại")

    class Scope(models.TextChoices):
        CRITERION = "criterion", _("Tiêu chí")
        SECTION = "section", _("Nhóm tiêu chí")
        PRODUCT = "product", _("Cả sản phẩm")

    product_set = models.ForeignKey(ProductSet, on_delete=models.CASCADE, related_name="knockouts")
    code = models.CharField(_("mã"), max_length=40)
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    scope = models.CharField(_("phạm vi"), max_length=12, choices=Scope.choices)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    note = models.TextField(_("ghi chú trong phiếu"))
    source_line = models.PositiveIntegerField(_("dòng nguồn"))

    class Meta:
        verbose_name = _("điều kiện loại trừ")
        verbose_name_plural = _("điều kiện loại trừ")
        ordering = ["product_set", "source_line"]
        constraints = [
            models.UniqueConstraint(fields=["product_set", "code"], name="criteria_knockout_unique_code"),
            models.CheckConstraint(
                condition=Q(section__isnull=False) | Q(criterion__isnull=False) | Q(scope="product"),
                name="criteria_knockout_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.note[:80]}"
