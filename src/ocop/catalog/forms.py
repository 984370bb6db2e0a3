"""The catalogue's filter form: validates the query string at the edge; bad values are dropped."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.forms import PlatformForm
from ocop.core.widgets import QuickSelect
from ocop.products.models import DocumentKind

PAGE_SIZE = 24


class Sort:
    RELEVANCE = "relevance"
    STARS = "stars"
    NAME = "name"
    NEWEST = "newest"

    CHOICES = [
        (RELEVANCE, _("Phù hợp nhất")),
        (STARS, _("Hạng sao cao nhất")),
        (NAME, _("Tên A–Z")),
        (NEWEST, _("Mới nhất")),
    ]


@dataclass(frozen=True)
class CatalogFilters:
    """What a visitor asked the catalogue for. Every field empty = the whole public catalogue."""

    q: str = ""
    group: int | None = None
    product_set: int | None = None
    stars: int | None = None
    commune: int | None = None
    district: int | None = None
    certification: str = ""
    market: str = ""
    online: bool = False
    sort: str = ""
    page: int = 1

    def query_string(self) -> str:
        """The filters as a query string, without the page (for pagination links)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "page"}
        kept = {
            name: ("on" if value is True else value) for name, value in values.items() if value not in ("", None, False)
        }
        return urlencode(kept)

    def cache_part(self) -> str:
        return "|".join(
            str(value)
            for value in (
                self.q.strip().lower(),
                self.group,
                self.product_set,
                self.stars,
                self.commune,
                self.district,
                self.certification,
                self.market,
                self.online,
                self.sort,
                self.page,
            )
        )


STAR_CHOICES = [("", _("Mọi hạng sao")), ("5", "★★★★★"), ("4", "★★★★"), ("3", "★★★")]


class CatalogFilterForm(PlatformForm):
    q = forms.CharField(label=_("Tìm sản phẩm"), required=False, max_length=200)
    group = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Nhóm sản phẩm"), required=False, coerce=int, empty_value=None
    )
    product_set = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Bộ sản phẩm"), required=False, coerce=int, empty_value=None
    )
    stars = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Hạng sao"), required=False, coerce=int, empty_value=None, choices=STAR_CHOICES
    )
    commune = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Xã, phường"), required=False, coerce=int, empty_value=None
    )
    district = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Huyện cũ (trước 7/2025)"), required=False, coerce=int, empty_value=None
    )
    certification = forms.ChoiceField(widget=QuickSelect, label=_("Chứng nhận còn hiệu lực"), required=False)
    market = forms.ChoiceField(widget=QuickSelect, label=_("Sẵn sàng xuất khẩu sang"), required=False)
    online = forms.BooleanField(label=_("Có bán trực tuyến"), required=False)
    sort = forms.ChoiceField(widget=QuickSelect, label=_("Sắp xếp"), required=False, choices=Sort.CHOICES)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, data, *, facets: dict):
        super().__init__(data)
        everything = [("", _("Tất cả"))]
        self.fields["group"].choices = everything + facets["groups"]
        self.fields["product_set"].choices = everything + facets["product_sets"]
        self.fields["commune"].choices = everything + facets["communes"]
        self.fields["district"].choices = everything + facets["districts"]
        self.fields["certification"].choices = everything + [
            (kind, label) for kind, label in DocumentKind.choices if kind in CERTIFICATION_KINDS
        ]
        self.fields["market"].choices = everything + facets["markets"]
        if not facets["markets"]:
            del self.fields["market"]
        if not facets["online"]:
            del self.fields["online"]

    def filters(self) -> CatalogFilters:
        """The valid part of the request: a field with a bad value is ignored, not an error page."""
        self.is_valid()
        data = {}
        for name in self.fields:
            if name in self.cleaned_data:
                data[name] = self.cleaned_data[name]
        return CatalogFilters(
            q=(data.get("q") or "").strip(),
            group=data.get("group"),
            product_set=data.get("product_set"),
            stars=data.get("stars"),
            commune=data.get("commune"),
            district=data.get("district"),
            certification=data.get("certification") or "",
            market=data.get("market") or "",
            online=bool(data.get("online")),
            sort=data.get("sort") or "",
            page=data.get("page") or 1,
        )


# Certifications a buyer filters by (the other kinds are dossier papers, not marks of quality).
CERTIFICATION_KINDS = {
    DocumentKind.FOOD_SAFETY_FACILITY,
    DocumentKind.VIETGAP,
    DocumentKind.GLOBALGAP,
    DocumentKind.ORGANIC,
    DocumentKind.HACCP,
    DocumentKind.ISO_22000,
    DocumentKind.HALAL,
    DocumentKind.GEOGRAPHICAL_INDICATION,
    DocumentKind.TRADEMARK,
}
