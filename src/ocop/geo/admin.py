from django.contrib import admin

from ocop.geo.models import (
    Commune,
    CommuneSuccession,
    HistoricalCommune,
    HistoricalDistrict,
    HistoricalProvince,
    Province,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit_type")
    search_fields = ("name", "bare_name_folded")


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit_type", "province")
    list_filter = ("unit_type", "province")
    search_fields = ("name", "bare_name_folded", "code")


@admin.register(HistoricalProvince)
class HistoricalProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit_type", "province")
    search_fields = ("name", "bare_name_folded")


@admin.register(HistoricalDistrict)
class HistoricalDistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit_type", "old_province", "province")
    list_filter = ("province",)
    search_fields = ("name", "bare_name_folded")


class SuccessionInline(admin.TabularInline):
    model = CommuneSuccession
    extra = 0
    autocomplete_fields = ("commune",)


@admin.register(HistoricalCommune)
class HistoricalCommuneAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit_type", "district")
    list_filter = ("district__province",)
    search_fields = ("name", "bare_name_folded")
    inlines = [SuccessionInline]
