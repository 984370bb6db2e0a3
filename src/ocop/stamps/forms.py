from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import PlatformForm


class ReportForm(PlatformForm):
    place = forms.CharField(label=_("Nơi mua"), max_length=200)
    message = forms.CharField(
        label=_("Điều gì có vẻ không đúng?"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(label=_("Ảnh tem hoặc sản phẩm"), required=False)


class RunForm(PlatformForm):
    certificate = forms.ModelChoiceField(label=_("Giấy chứng nhận"), queryset=None)  # type: ignore[arg-type]
    lot_number = forms.CharField(label=_("Số lô"), max_length=20)
    production_date = forms.DateField(label=_("Ngày sản xuất"), widget=forms.DateInput(attrs={"type": "date"}))
    best_before = forms.DateField(label=_("Hạn sử dụng"), widget=forms.DateInput(attrs={"type": "date"}))
    quantity = forms.IntegerField(label=_("Số tem"), min_value=1, max_value=100_000)
    notes = forms.CharField(label=_("Thông tin sản xuất"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Tệp kèm theo"), required=False)

    def __init__(self, *args, certificates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = certificates


class VoidForm(PlatformForm):
    first_index = forms.IntegerField(label=_("Từ tem số"), min_value=1)
    last_index = forms.IntegerField(label=_("Đến tem số"), min_value=1)
    reason = forms.CharField(label=_("Lý do"), max_length=300)


class SheetForm(PlatformForm):
    first = forms.IntegerField(min_value=1)
    last = forms.IntegerField(min_value=1)
    per_page = forms.TypedChoiceField(choices=[(24, "24"), (48, "48"), (100, "100")], coerce=int, initial=24)


class ScanFilterForm(PlatformForm):
    """The dashboard's filters, read from the URL: product, lot (a run), period (default: the last 30 days)."""

    product = forms.ModelChoiceField(
        label=_("Sản phẩm"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        empty_label=_("Tất cả sản phẩm"),
    )
    lot = forms.ModelChoiceField(
        label=_("Lô"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        empty_label=_("Tất cả các lô"),
    )
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, runs=None, products=None, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["lot"].queryset = runs
        self.fields["lot"].label_from_instance = lambda run: f"{run.product.name_vi} · {run.lot_number}"
        self.period = period
        self.fields["start"].initial, self.fields["end"].initial = period  # shown when the URL names no period

    def clean(self):
        data = super().clean()
        start, end = data.get("start") or self.period[0], data.get("end") or self.period[1]
        if start > end:
            self.add_error("end", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        elif (end - start).days + 1 > 366:
            self.add_error("start", _("Khoảng thời gian dài nhất là 366 ngày."))
        lot, product = data.get("lot"), data.get("product")
        if lot is not None and product is not None and lot.product_id != product.pk:
            self.add_error("lot", _("Lô này không thuộc sản phẩm đã chọn."))
        data["start"], data["end"] = start, end
        return data


class ScanLogForm(ScanFilterForm):
    """The scan log's filters: the dashboard's, and one day, region, shared location, stamp, first scans."""

    day = forms.DateField(required=False)
    region = forms.CharField(required=False, max_length=100)
    place = forms.RegexField(required=False, regex=r"^-?\d{1,2}(\.\d)?,-?\d{1,3}(\.\d)?$")
    stamp = forms.IntegerField(required=False, min_value=1)
    first = forms.BooleanField(required=False)
