from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.accounts.policy import visible
from ocop.certificates.models import CertificateStatus, RevocationGround
from ocop.certificates.services.historical import DOCUMENT_MAX_BYTES
from ocop.core.formatting import file_size_lazy, interpolated_lazy
from ocop.core.forms import PlatformForm
from ocop.criteria.models import CriteriaVersion
from ocop.products.models import Product

STAR_CHOICES = [(3, "★★★"), (4, "★★★★"), (5, "★★★★★")]
DOCUMENT_LABEL = interpolated_lazy(
    _("Bản quét quyết định (PDF, JPEG hoặc PNG, tối đa %(limit)s)"), {"limit": file_size_lazy(DOCUMENT_MAX_BYTES)}
)


class _ProductChoiceMixin:
    def _products(self, user) -> None:
        products = visible(user, Product.objects.filter(archived_at__isnull=True))
        self.fields["product"].queryset = products.select_related("producer").order_by("name_vi")
        self.fields["product"].label_from_instance = lambda p: f"{p.name_vi} — {p.producer.legal_name}"


class IssueForm(_ProductChoiceMixin, PlatformForm):
    """Issue from a recorded decision: everything printed comes from the decision, not from this form."""

    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none())
    stars = forms.TypedChoiceField(label=_("Hạng sao"), choices=STAR_CHOICES, coerce=int)
    decision_number = forms.CharField(
        label=_("Số quyết định công nhận đã ghi trong hệ thống"),
        max_length=100,
        help_text=_("Cơ quan, người ký, tổng điểm và bộ tiêu chí lấy từ quyết định này."),
    )
    valid_from = forms.DateField(
        label=_("Hiệu lực từ"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Để trống: từ ngày quyết định. Hiệu lực 36 tháng."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._products(user)


class HistoricalForm(_ProductChoiceMixin, PlatformForm):
    """A paper certificate issued before the platform, entered from its scanned decision."""

    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none())
    number = forms.CharField(label=_("Số in trên giấy chứng nhận"), max_length=60)
    stars = forms.TypedChoiceField(label=_("Hạng sao"), choices=STAR_CHOICES, coerce=int)
    criteria_version = forms.ModelChoiceField(label=_("Bộ tiêu chí"), queryset=CriteriaVersion.objects.all())
    total = forms.DecimalField(label=_("Tổng điểm (nếu có)"), max_digits=5, decimal_places=2, required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=forms.DateInput(attrs={"type": "date"}))
    signer_name = forms.CharField(label=_("Họ tên người ký (như trên quyết định)"), max_length=150)
    signer_title = forms.CharField(label=_("Chức vụ người ký (như trên quyết định)"), max_length=150, required=False)
    valid_from = forms.DateField(
        label=_("Hiệu lực từ"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Để trống: từ ngày quyết định. Hiệu lực 36 tháng."),
    )
    decision_document = forms.FileField(
        label=DOCUMENT_LABEL,
        help_text=_("Cấp công nhận và tên cơ quan lấy theo bảng thẩm quyền cho bộ tiêu chí và ngày quyết định."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._products(user)


class DecisionDocumentForm(PlatformForm):
    decision_document = forms.FileField(label=DOCUMENT_LABEL)


class RevokeForm(PlatformForm):
    ground = forms.ModelChoiceField(
        label=_("Căn cứ thu hồi"), queryset=RevocationGround.objects.filter(active=True), empty_label=None
    )
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class StampsForm(PlatformForm):
    count = forms.IntegerField(label=_("Số tem"), min_value=1, max_value=2400, initial=24)


class RegisterFilterForm(PlatformForm):
    q = forms.CharField(label=_("Tìm theo sản phẩm, chủ thể, số giấy"), required=False)
    stars = forms.TypedChoiceField(
        label=_("Hạng sao"),
        choices=[("", _("Mọi hạng sao")), (3, "★3"), (4, "★4"), (5, "★5")],
        coerce=int,
        required=False,
        empty_value=None,
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Mọi trạng thái")), *CertificateStatus.choices], required=False
    )
    commune = forms.TypedChoiceField(label=_("Xã, phường"), coerce=int, required=False, empty_value=None)
    year = forms.TypedChoiceField(label=_("Năm quyết định"), coerce=int, required=False, empty_value=None)
    expiring = forms.IntegerField(label=_("Hết hạn trong (ngày)"), min_value=0, max_value=3650, required=False)

    def __init__(self, *args, communes, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = [("", _("Mọi xã, phường")), *[(c.pk, c.name) for c in communes]]
        self.fields["year"].choices = [("", _("Mọi năm")), *[(y, str(y)) for y in years]]

    @classmethod
    def for_user(cls, user, data) -> "RegisterFilterForm":
        """The register's filters as `user` sees them: the communes and years of the certificates they see."""
        from ocop.certificates.models import Certificate
        from ocop.certificates.selectors import years_in_register
        from ocop.geo.models import Commune

        visible_certificates = visible(user, Certificate.objects.all())
        communes = Commune.objects.filter(pk__in=visible_certificates.values("producer__commune")).order_by("name")
        return cls(data or None, communes=communes, years=years_in_register(user))

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": data.get("q") or "",
            "stars": data.get("stars"),
            "status": data.get("status") or "",
            "commune_id": data.get("commune"),
            "year": data.get("year"),
            "expiring_within": data.get("expiring"),
        }
