from django import forms
from django.utils.translation import gettext_lazy as _


class ReportForm(forms.Form):
    place = forms.CharField(label=_("Nơi mua"), max_length=200)
    message = forms.CharField(
        label=_("Điều gì có vẻ không đúng?"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(label=_("Ảnh tem hoặc sản phẩm"), required=False)


class RunForm(forms.Form):
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


class VoidForm(forms.Form):
    first_index = forms.IntegerField(label=_("Từ tem số"), min_value=1)
    last_index = forms.IntegerField(label=_("Đến tem số"), min_value=1)
    reason = forms.CharField(label=_("Lý do"), max_length=300)


class SheetForm(forms.Form):
    first = forms.IntegerField(min_value=1)
    last = forms.IntegerField(min_value=1)
    per_page = forms.TypedChoiceField(choices=[(24, "24"), (48, "48"), (100, "100")], coerce=int, initial=24)
