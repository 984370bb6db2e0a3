from django import forms

from ocop.geo.models import Commune, HistoricalCommune, HistoricalDistrict
from ocop.producers.models import Producer
from ocop.producers.services import EDITABLE_FIELDS


class ProducerForm(forms.ModelForm):
    website = forms.URLField(assume_scheme="https", required=False)

    class Meta:
        model = Producer
        fields = EDITABLE_FIELDS
        widgets = {
            "registration_date": forms.DateInput(attrs={"type": "date"}),
            "story_vi": forms.Textarea(attrs={"rows": 4}),
            "story_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        communes = Commune.objects.select_related("province")
        districts = HistoricalDistrict.objects.all()
        if province is not None:
            communes = communes.filter(province=province)
            districts = districts.filter(province=province)
        self.fields["commune"].queryset = communes
        self.fields["historical_district"].queryset = districts
        self.fields["historical_commune"].queryset = HistoricalCommune.objects.filter(
            district__in=districts
        ).select_related("district")
