import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import ConstraintFieldsMixin, PlatformForm, PlatformModelForm
from ocop.geo.models import Commune, Province
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.promotion.models import Booth, Event, EventAgreement, EventAgreementKind, EventSeries, FigureImportKind
from ocop.promotion.services import EVENT_EDITABLE
from ocop.promotion.widgets import ProductPicker

_GROUPED = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")


def parse_whole_number(text: str, *, label) -> int:
    """ "1.500.000", "1,500,000", "1 500 000" or "1500000" → 1500000. Refuses decimals and signs."""
    compact = (text or "").strip()
    if compact.startswith("-"):
        raise ValidationError(_("%(label)s không được âm.") % {"label": label}, code="negative")
    if _GROUPED.match(compact):
        compact = re.sub(r"[.,\s]", "", compact)
    if not compact.isdigit():
        raise ValidationError(
            _("%(label)s phải là số nguyên, ví dụ 1500000 hoặc 1.500.000.") % {"label": label}, code="invalid"
        )
    return int(compact)


class WholeNumberField(forms.CharField):
    """A money or count field that accepts thousands separators, as people type on a phone."""

    def __init__(self, *args, label_text="", **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)
        self.label_text = label_text

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        return parse_whole_number(value, label=self.label_text or self.label)


class EventForm(PlatformModelForm):
    class Meta:
        model = Event
        fields = EVENT_EDITABLE
        widgets = {
            "first_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        communes = Commune.objects.select_related("province").order_by("name")
        series = EventSeries.objects.all()
        if province is not None:
            communes = communes.filter(province=province)
            series = series.filter(province=province)
        self.fields["commune"].queryset = communes
        self.fields["series"].queryset = series


class SeriesForm(PlatformModelForm):
    class Meta:
        model = EventSeries
        fields = ["name", "name_en", "event_type"]


class BoothForm(ConstraintFieldsMixin, PlatformForm):
    constraint_model = Booth  # a booth number taken, an exhibitor missing: said beside the field concerned
    constraint_fields = {"promotion_booth_number_unique": "number", "promotion_booth_has_exhibitor": "exhibitor_name"}
    number = forms.CharField(label=_("Số gian hàng"), max_length=20)
    producer = forms.ModelChoiceField(
        label=_("Chủ thể OCOP"),
        queryset=Producer.objects.none(),
        required=False,
        help_text=_("Chọn nếu đơn vị trưng bày là chủ thể đã đăng ký; để trống với đơn vị ngoài hệ thống."),
    )
    exhibitor_name = forms.CharField(label=_("Tên đơn vị trưng bày (ngoài hệ thống)"), max_length=255, required=False)
    exhibitor_province = forms.ModelChoiceField(
        label=_("Tỉnh của đơn vị (ngoài hệ thống)"), queryset=Province.objects.order_by("name"), required=False
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm trưng bày"),
        queryset=Product.objects.none(),
        required=False,
        widget=ProductPicker,
        help_text=_("Sản phẩm phải thuộc chủ thể đã chọn."),
    )
    products_text = forms.CharField(label=_("Sản phẩm (mô tả, đơn vị ngoài hệ thống)"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = Producer.objects.filter(archived_at__isnull=True).order_by("legal_name")
        self.fields["products"].queryset = (
            Product.objects.filter(archived_at__isnull=True).select_related("producer").order_by("producer__legal_name")
        )
        self.fields["products"].label_from_instance = lambda p: f"{p.producer.legal_name} — {p.name_vi}"

    def clean(self):
        data = super().clean()
        if not data.get("producer") and not (data.get("exhibitor_name") or "").strip():
            self.add_error("exhibitor_name", _("Chọn một chủ thể OCOP hoặc nhập tên đơn vị trưng bày."))
        return data


class SaleForm(PlatformForm):
    day = forms.TypedChoiceField(label=_("Ngày"), choices=(), coerce=str)
    amount_vnd = WholeNumberField(label=_("Doanh thu trong ngày (đồng)"), label_text=_("Doanh thu"))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, days: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(day.isoformat(), day.strftime("%d/%m/%Y")) for day in days]


class VisitsForm(PlatformForm):
    """One field per event day: the visits of that day."""

    def __init__(self, *args, event: Event, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for day in event.day_list():
            record = current.get(day)
            self.fields[f"day_{day.isoformat()}"] = WholeNumberField(
                label=day.strftime("%d/%m/%Y"),
                label_text=_("Số lượt khách"),
                required=False,
                initial=record.visits if record else None,
            )

    def days(self):
        return [(name[4:], self[name]) for name in self.fields]


class EventAgreementForm(PlatformModelForm):
    value_vnd = WholeNumberField(label=_("Giá trị (đồng)"), label_text=_("Giá trị"), required=False)

    class Meta:
        model = EventAgreement
        fields = ["kind", "signed_on", "first_party", "second_party", "producer", "products_text", "summary"]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = EventAgreementKind.choices
        self.fields["producer"].queryset = Producer.objects.filter(archived_at__isnull=True).order_by("legal_name")


class ImportForm(PlatformForm):
    kind = forms.ChoiceField(label=_("Loại số liệu"), choices=FigureImportKind.choices)
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
