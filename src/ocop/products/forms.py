from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.formatting import file_size, file_size_lazy, interpolated_lazy, localized
from ocop.core.forms import EMPTY_CHOICE_LABEL, ConstraintFieldsMixin, PlatformForm, PlatformModelForm
from ocop.criteria.models import ProductSet
from ocop.products.models import CertificationDocument, Product, ProductStatus
from ocop.products.services import DOCUMENT_FIELDS, DOCUMENT_MAX_BYTES, PHOTO_MAX_BYTES, PRODUCT_FIELDS


class ProductForm(ConstraintFieldsMixin, PlatformModelForm):
    # The price range and the unit are refused beside their field, once (not above the form).
    constraint_fields = {
        "product_price_range_ordered": "price_max_vnd",
        "product_net_content_has_unit": "net_content_unit",
    }

    class Meta:
        model = Product
        fields = PRODUCT_FIELDS
        widgets = {
            "description_vi": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "story_vi": forms.Textarea(attrs={"rows": 4}),
            "story_en": forms.Textarea(attrs={"rows": 4}),
            "ingredients": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        product_set = self.fields["product_set"]
        product_set.queryset = ProductSet.objects.select_related("version").order_by(
            "-version__effective_from", "number"
        )
        # One group per criteria version, named as people know it ("Bộ tiêu chí OCOP theo Quyết định
        # 148/QĐ-TTg"), each set as "01. Rau, củ, quả, hạt tươi": no code prefix to decipher.
        product_set.choices = [("", EMPTY_CHOICE_LABEL)] + [
            (localized(version), [(item.pk, f"{item.number:02d}. {localized(item)}") for item in items])
            for version, items in groupby(product_set.queryset, key=lambda item: item.version)
        ]
        # Certified, expired and revoked follow the certificates: never offered, and fixed while held.
        status = self.fields["status"]
        derived = ProductStatus.from_certificates()
        if self.instance.pk and self.instance.status in derived:
            status.disabled = True
            status.help_text = _("Theo giấy chứng nhận OCOP của sản phẩm.")
        else:
            status.choices = [(value, label) for value, label in ProductStatus.choices if value not in derived]


class PhotoForm(PlatformForm):
    image = forms.FileField(
        label=interpolated_lazy(
            _("Ảnh (JPEG, PNG hoặc WebP, tối đa %(limit)s)"), {"limit": file_size_lazy(PHOTO_MAX_BYTES)}
        )
    )
    caption = forms.CharField(label=_("Chú thích"), max_length=255, required=False)


class DocumentForm(PlatformModelForm):
    upload = forms.FileField(
        label=interpolated_lazy(
            _("Tệp (PDF hoặc ảnh, tối đa %(limit)s)"), {"limit": file_size_lazy(DOCUMENT_MAX_BYTES)}
        ),
        required=False,
    )

    class Meta:
        model = CertificationDocument
        fields = DOCUMENT_FIELDS
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = producer.products.filter(archived_at__isnull=True)
        self.fields["product"].required = False

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa %(limit)s.") % {"limit": file_size(DOCUMENT_MAX_BYTES)})
        return upload
