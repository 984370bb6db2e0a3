from django.contrib import admin

from ocop.stamps.models import StampReport, StampRun, StampVoid


@admin.register(StampRun)
class StampRunAdmin(admin.ModelAdmin):
    list_display = ["lot_number", "product", "quantity", "production_date", "best_before", "status", "created_at"]
    list_select_related = ["product"]
    raw_id_fields = ["certificate", "product", "requested_by"]
    search_fields = ["lot_number", "product__name_vi"]


@admin.register(StampVoid)
class StampVoidAdmin(admin.ModelAdmin):
    list_display = ["run", "first_index", "last_index", "reason", "created_at"]
    raw_id_fields = ["run", "voided_by"]


@admin.register(StampReport)
class StampReportAdmin(admin.ModelAdmin):
    list_display = ["run", "index", "place", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["run"]
