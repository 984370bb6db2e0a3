from django.contrib import admin

from ocop.producers.models import Producer


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "producer_type", "tax_code", "commune", "is_demo", "archived_at")
    list_filter = ("producer_type", "is_demo", "commune__province")
    search_fields = ("legal_name", "name_folded", "tax_code")
    autocomplete_fields = ("commune",)
    readonly_fields = ("name_folded", "created_at", "updated_at")
