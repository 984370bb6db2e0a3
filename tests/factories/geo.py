"""Administrative units: the real ones the reference data loads, fetched by code."""

from ocop.geo.models import Commune, Province


def commune(code: int) -> Commune:
    return Commune.objects.select_related("province").get(code=code)


def province(code: int) -> Province:
    return Province.objects.get(code=code)
