from django.contrib import admin

from ocop.programme.models import (
    BoothSalesReconciliation,
    Funding,
    Indicator,
    InvestmentSelection,
    Phase,
    ReportedStatistic,
    SalesLine,
    Target,
)


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "first_year", "last_year"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "unit", "computation", "paced", "active", "position"]
    list_filter = ["unit", "computation", "active"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["phase", "indicator", "province", "commune", "value", "source"]
    list_filter = ["phase", "indicator"]


@admin.register(ReportedStatistic)
class ReportedStatisticAdmin(admin.ModelAdmin):
    list_display = ["indicator", "province", "breakdown", "value", "as_of", "source"]
    list_filter = ["indicator"]


@admin.register(Funding)
class FundingAdmin(admin.ModelAdmin):
    list_display = ["year", "province", "commune", "source", "amount_vnd", "description"]
    list_filter = ["source", "year"]


@admin.register(InvestmentSelection)
class InvestmentSelectionAdmin(admin.ModelAdmin):
    list_display = ["phase", "product", "selected_on", "decision"]
    raw_id_fields = ["product"]


@admin.register(SalesLine)
class SalesLineAdmin(admin.ModelAdmin):
    """Read-only here: sales are written through the service so the summaries stay equal to the lines."""

    list_display = ["product", "producer", "year", "period_kind", "period", "channel", "amount_vnd", "origin"]
    list_filter = ["channel", "year", "origin"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BoothSalesReconciliation)
class BoothSalesReconciliationAdmin(SalesLineAdmin):
    list_display = ["producer", "year", "quarter", "booth_vnd", "declared_vnd", "counted_vnd", "refreshed_at"]
    list_filter = ["year"]
