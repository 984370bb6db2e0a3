"""The place this installation serves, for the words every page shows (heading, footer, contacts).

`OCOP_HOME_PROVINCE_CODE` names one province (22 = Quảng Ninh, the default); 0 makes a central
installation that serves the whole country. Templates never name a province: they take `installation` from
the context processor `ocop.core.context_processors.installation`, built from the province record and the
office settings (`OCOP_OFFICE_NAME`, `_ADDRESS`, `_PHONE`, `_EMAIL`; docs/operations.md).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ocop.geo import names
from ocop.geo.models import Province

# code → (official name, unit type): province rows never change while a process runs.
_known: dict[int, tuple[str, str] | None] = {}


@dataclass(frozen=True)
class Site:
    province_code: int | None  # None: the whole country
    province_name: str  # "Quảng Ninh" (no unit word); "" for the whole country
    unit_type: str
    office_name: str
    office_address: str
    office_phone: str
    office_email: str

    @property
    def national(self) -> bool:
        return self.province_code is None

    @property
    def place(self) -> str:
        """ "Quảng Ninh" in a heading, "Việt Nam" for the whole country."""
        return self.province_name or _("Việt Nam")

    @property
    def place_in_sentence(self) -> str:
        """ "tỉnh Quảng Ninh" / "Quảng Ninh province", "thành phố Hà Nội" / "Hà Nội city", "cả nước" / "nationwide"."""
        if self.national:
            return _("cả nước")
        if self.unit_type == names.PROVINCE:
            return _("tỉnh %(name)s") % {"name": self.province_name}
        return _("thành phố %(name)s") % {"name": self.province_name}

    @property
    def has_contact(self) -> bool:
        return bool(self.office_name or self.office_address or self.office_phone or self.office_email)


def home_province_code() -> int | None:
    code = settings.OCOP_HOME_PROVINCE_CODE
    return code or None


def home_province() -> Province | None:
    """The installation's province record, or None for a central installation (or an unknown code)."""
    code = home_province_code()
    return Province.objects.filter(code=code).first() if code else None


def current_site() -> Site:
    code = home_province_code()
    if code and code not in _known:
        _known[code] = Province.objects.filter(code=code).values_list("name", "unit_type").first()
    found = _known.get(code) if code else None
    name = names.split_official_name(found[0])[1] if found else ""
    return Site(
        province_code=code if found else None,
        province_name=name,
        unit_type=found[1] if found else "",
        office_name=settings.OCOP_OFFICE_NAME,
        office_address=settings.OCOP_OFFICE_ADDRESS,
        office_phone=settings.OCOP_OFFICE_PHONE,
        office_email=settings.OCOP_OFFICE_EMAIL,
    )
