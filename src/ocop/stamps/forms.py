from django import forms
from django.utils.translation import gettext_lazy as _


class ReportForm(forms.Form):
    place = forms.CharField(label=_("Nơi mua"), max_length=200)
    message = forms.CharField(
        label=_("Điều gì có vẻ không đúng?"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.ImageField(label=_("Ảnh tem hoặc sản phẩm"), required=False)
