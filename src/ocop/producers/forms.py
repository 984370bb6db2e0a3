from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import PlatformModelForm
from ocop.geo.models import Commune, HistoricalCommune, HistoricalDistrict
from ocop.geo.services import AddressError
from ocop.producers.models import Producer
from ocop.producers.services import EDITABLE_FIELDS


class ProducerForm(PlatformModelForm):
    website = forms.URLField(assume_scheme="https", required=False)

    class Meta:
        model = Producer
        fields = EDITABLE_FIELDS
        widgets = {
            "registration_date": forms.DateInput(attrs={"type": "date"}),
            "story_vi": forms.Textarea(attrs={"rows": 4}),
            "story_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "commune": _(
                "Đơn vị hiện nay. Có thể để trống nếu đã chọn xã (trước 7/2025): hệ thống lấy đơn vị mới theo "
                "bảng sáp nhập, hoặc đề nghị chọn khi xã cũ được chia cho nhiều đơn vị."
            ),
        }

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        communes = Commune.objects.select_related("province")
        districts = HistoricalDistrict.objects.all()
        if province is not None:
            communes = communes.filter(province=province)
            districts = districts.filter(province=province)
        self.fields["commune"].queryset = communes
        self.fields["commune"].required = False  # the succession table may give it (services)
        self.fields["historical_district"].queryset = districts
        self.fields["historical_commune"].queryset = HistoricalCommune.objects.filter(
            district__in=districts
        ).select_related("district")

    def add_address_error(self, error: AddressError) -> None:
        """Show the domain's message on its field; where the old commune was split, offer only its successors."""
        self.add_error(error.field, error.message)
        if error.successors:
            field = self.fields["commune"]
            field.queryset = field.queryset.filter(pk__in=[unit.pk for unit in error.successors])
            field.empty_label = _("— chọn một đơn vị mới —")
