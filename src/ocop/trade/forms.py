from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.formatting import file_size, file_size_lazy, interpolated_lazy
from ocop.core.forms import PlatformForm, PlatformModelForm
from ocop.geo.models import Commune
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.trade.models import (
    DistributionAgreement,
    ExportCredential,
    ExportProfile,
    Incoterm,
    Listing,
    Market,
    Partner,
    Platform,
    SalesPoint,
)
from ocop.trade.services import AGREEMENT_FIELDS, MESSAGE_MAX_CHARS, UPLOAD_MAX_BYTES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UPLOAD_LIMIT = file_size_lazy(UPLOAD_MAX_BYTES)


def _product_label(product: Product) -> str:
    return f"{product.name_vi} – {product.producer.legal_name}"


class ListingForm(PlatformModelForm):
    url = forms.URLField(
        label=_("Đường dẫn"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Listing
        fields = ["platform", "url", "listed_since", "status", "notes"]
        widgets = {"listed_since": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.filter(active=True).order_by("position", "name")


class SalesPointForm(PlatformModelForm):
    class Meta:
        model = SalesPoint
        fields = ["name", "kind", "address", "commune", "operator", "phone", "opening_hours", "active", "products"]
        widgets = {
            "products": forms.CheckboxSelectMultiple,
            "opening_hours": forms.TextInput(attrs={"placeholder": _("ví dụ: 8:00–21:00 hằng ngày")}),
        }

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(province=province).order_by("name")
        self.fields["products"].queryset = (
            Product.objects.filter(producer__commune__province=province, archived_at__isnull=True)
            .select_related("producer")
            .order_by("name_vi")
        )
        self.fields["products"].label_from_instance = _product_label


class PartnerForm(PlatformModelForm):
    website = forms.URLField(label=_("Trang web"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = ["name", "kind", "country", "website"]


class DistributionAgreementForm(PlatformModelForm):
    upload = forms.FileField(
        label=interpolated_lazy(_("Văn bản (PDF hoặc ảnh, tối đa %(limit)s)"), {"limit": UPLOAD_LIMIT}), required=False
    )

    class Meta:
        model = DistributionAgreement
        fields = [*AGREEMENT_FIELDS, "products"]
        widgets = {
            "signed_on": DATE,
            "ends_on": DATE,
            "scope_note": forms.Textarea(attrs={"rows": 3}),
            "products": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = Producer.objects.filter(
            commune__province=province, archived_at__isnull=True
        ).order_by("legal_name")
        self.fields["products"].queryset = (
            Product.objects.filter(producer__commune__province=province, archived_at__isnull=True)
            .select_related("producer")
            .order_by("name_vi")
        )
        self.fields["products"].label_from_instance = _product_label
        self.fields["partner"].queryset = Partner.objects.order_by("name")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa %(limit)s.") % {"limit": file_size(UPLOAD_MAX_BYTES)})
        return upload


class CredentialForm(PlatformModelForm):
    upload = forms.FileField(
        label=interpolated_lazy(_("Tệp (PDF hoặc ảnh, tối đa %(limit)s)"), {"limit": UPLOAD_LIMIT}), required=False
    )

    class Meta:
        model = ExportCredential
        fields = ["kind", "product", "market", "number", "issuer", "issued_on", "expires_on", "notes"]
        widgets = {"issued_on": DATE, "expires_on": DATE}

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = producer.products.filter(archived_at__isnull=True).order_by("name_vi")
        self.fields["product"].empty_label = _("Cả cơ sở (mọi sản phẩm)")
        self.fields["market"].queryset = Market.objects.filter(active=True).order_by("position")
        self.fields["market"].empty_label = _("Mọi thị trường")

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa %(limit)s.") % {"limit": file_size(UPLOAD_MAX_BYTES)})
        return upload


class ExportProfileForm(PlatformModelForm):
    incoterms = forms.MultipleChoiceField(
        label=_("Điều kiện giao hàng (Incoterms) chào bán"),
        choices=Incoterm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ExportProfile
        fields = [
            "capacity_per_month",
            "capacity_unit",
            "min_order_quantity",
            "min_order_unit",
            "lead_time_days",
            "incoterms",
            "port_of_loading",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.initial["incoterms"] = self.instance.incoterm_list


class InquiryForm(PlatformForm):
    """The public inquiry form. `website` is a honeypot: hidden from people, filled by robots."""

    company = forms.CharField(label=_("Công ty"), max_length=200)
    contact_name = forms.CharField(label=_("Người liên hệ"), max_length=150, required=False)
    country = forms.CharField(label=_("Quốc gia"), max_length=100)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    quantity = forms.CharField(
        label=_("Số lượng"), max_length=100, widget=forms.TextInput(attrs={"placeholder": _("ví dụ: 500 kg mỗi tháng")})
    )
    target_market = forms.ModelChoiceField(
        label=_("Thị trường đích"), queryset=Market.objects.none(), required=False, empty_label=_("Chưa xác định")
    )
    incoterm = forms.ChoiceField(
        label=_("Điều kiện giao hàng (Incoterm)"),
        choices=[("", _("Chưa xác định")), *Incoterm.choices],
        required=False,
    )
    message = forms.CharField(
        label=_("Nội dung tin nhắn"), max_length=MESSAGE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 6})
    )
    website = forms.CharField(label=_("Để trống ô này"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_market"].queryset = Market.objects.filter(active=True).order_by("position")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class ReplyForm(PlatformForm):
    body = forms.CharField(label=_("Trả lời"), max_length=MESSAGE_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 4}))
