"""Read-mostly admin: figures are entered through the services (audited), so they are read-only here."""

from django.contrib import admin

from ocop.promotion.models import Booth, BoothSale, DailyVisits, Event, EventAgreement, EventSeries, FigureImport


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "event_type", "province", "is_demo"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "event_type", "edition", "first_day", "last_day", "province", "status", "is_demo"]
    list_filter = ["event_type", "status", "province"]
    search_fields = ["name", "name_folded"]
    readonly_fields = ["name_folded"]


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    list_display = ["number", "event", "producer", "exhibitor_name", "exhibitor_province"]
    list_select_related = ["event", "producer", "exhibitor_province"]
    search_fields = ["number", "exhibitor_name", "producer__legal_name"]


class ReadOnlyFiguresAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DailyVisits)
class DailyVisitsAdmin(ReadOnlyFiguresAdmin):
    list_display = ["event", "day", "visits", "entered_by"]


@admin.register(BoothSale)
class BoothSaleAdmin(ReadOnlyFiguresAdmin):
    list_display = ["booth", "day", "amount_vnd", "entered_by"]
    list_select_related = ["booth__event", "booth__producer", "entered_by"]


@admin.register(EventAgreement)
class EventAgreementAdmin(admin.ModelAdmin):
    list_display = ["event", "kind", "signed_on", "first_party", "second_party", "value_vnd"]


@admin.register(FigureImport)
class FigureImportAdmin(ReadOnlyFiguresAdmin):
    list_display = ["original_name", "event", "kind", "status", "created_at"]
