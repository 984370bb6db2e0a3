from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import PlatformForm
from ocop.geo.models import Commune
from ocop.imports.models import ImportKind
from ocop.producers.models import ProducerType
from ocop.products.models import ProductStatus


class UploadForm(PlatformForm):
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=ImportKind.choices)
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


# Historical certificates are imported only; the certificate register has its own export.
EXPORT_KINDS = [(value, label) for value, label in ImportKind.choices if value != ImportKind.CERTIFICATES]


class ExportForm(PlatformForm):
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=EXPORT_KINDS)
    q = forms.CharField(label=_("Tìm theo tên (không cần dấu)"), required=False)
    commune = forms.IntegerField(label=_("Xã, phường"), required=False, min_value=1)
    type = forms.ChoiceField(label=_("Loại hình chủ thể"), choices=[("", "—"), *ProducerType.choices], required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái sản phẩm"), choices=[("", "—"), *ProductStatus.choices], required=False
    )
    archived = forms.BooleanField(label=_("Gồm cả bản ghi đã lưu trữ"), required=False)

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        communes = Commune.objects.order_by("bare_name_folded")
        if province is not None:
            communes = communes.filter(province=province)
        self.fields["commune"].widget = forms.Select(choices=[("", "—"), *communes.values_list("pk", "name")])
