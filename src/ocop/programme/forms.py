from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.policy import visible
from ocop.core.forms import PlatformForm
from ocop.products.models import Product
from ocop.programme.models import Channel, PeriodKind


class SalesLineForm(PlatformForm):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    period_kind = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=PeriodKind.choices)
    period = forms.IntegerField(label=_("Tháng (1–12) hoặc quý (1–4)"), min_value=1, max_value=12)
    channel = forms.ChoiceField(label=_("Kênh bán hàng"), choices=Channel.choices)
    amount_vnd = forms.IntegerField(label=_("Doanh thu (đồng)"), min_value=0)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = visible(
            user, Product.objects.filter(archived_at__isnull=True).select_related("producer")
        ).order_by("producer__legal_name", "name_vi")
        self.fields["product"].label_from_instance = lambda p: f"{p.name_vi} — {p.producer.legal_name}"
        self.fields["year"].initial = timezone.localdate().year


class SalesImportForm(PlatformForm):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"))
