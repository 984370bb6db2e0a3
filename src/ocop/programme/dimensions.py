"""Breakdown dimensions: their names and the labels of their keys, in the reader's language."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from ocop.core.formatting import is_english
from ocop.producers.models import ProducerType
from ocop.products.models import ProductStatus
from ocop.programme.models import Channel, FundingSource

NONE_KEY = "-"  # the key of "not set" (e.g. a product without a product group) in URLs

DIMENSIONS = {
    "year": _("Năm"),
    "province": _("Tỉnh, thành phố"),
    "commune": _("Xã, phường"),
    "channel": _("Kênh bán hàng"),
    "producer_type": _("Loại hình chủ thể"),
    "product_group": _("Nhóm sản phẩm"),
    "star": _("Hạng sao"),
    "status": _("Trạng thái sản phẩm"),
    "event_type": _("Loại sự kiện"),
    "source": _("Nguồn vốn"),
}


def _choices(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def labels(dimension: str, keys: list) -> dict:
    """Key → label for the keys of one dimension (one query per dimension at most)."""
    found: dict = {}
    real = [key for key in keys if key is not None]
    if dimension == "province":
        from ocop.geo.models import Province

        found = dict(Province.objects.filter(pk__in=real).values_list("pk", "name"))
    elif dimension == "commune":
        from ocop.geo.models import Commune

        found = dict(Commune.objects.filter(pk__in=real).values_list("pk", "name"))
    elif dimension == "product_group":
        from ocop.criteria.models import ProductGroup

        field = "name_en" if is_english() else "name_vi"
        found = dict(ProductGroup.objects.filter(pk__in=real).values_list("pk", field))
    elif dimension == "producer_type":
        found = _choices(ProducerType.choices)
    elif dimension == "channel":
        found = _choices(Channel.choices)
    elif dimension == "status":
        found = _choices(ProductStatus.choices)
    elif dimension == "source":
        found = _choices(FundingSource.choices)
    elif dimension == "event_type":
        try:
            found = _choices(apps.get_app_config("promotion").models_module.EventType.choices)
        except (LookupError, AttributeError):
            found = {}
    elif dimension == "star":
        found = {key: "★" * int(key) + f" ({key})" for key in real}
    elif dimension == "year":
        found = {key: str(key) for key in real}
    result = {}
    for key in keys:
        if key is None:
            result[key] = str(_("Chưa xác định"))
        else:
            result[key] = str(found.get(key, key))
    return result


def parse_key(dimension: str, raw: str):
    """A key as it comes from a URL: integers for ids, years and stars; None for NONE_KEY."""
    if raw == NONE_KEY:
        return None
    if dimension in ("year", "province", "commune", "product_group", "star"):
        if not raw.isdigit():
            raise ValueError(raw)
        return int(raw)
    return raw


def url_key(key) -> str:
    return NONE_KEY if key is None else str(key)
