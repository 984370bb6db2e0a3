from django.contrib import admin

from ocop.products.models import CertificationDocument, Product, ProductPhoto


class PhotoInline(admin.TabularInline):
    model = ProductPhoto
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name_vi", "producer", "product_set", "status", "gtin", "archived_at")
    list_filter = ("status", "is_demo")
    search_fields = ("name_vi", "name_en", "name_folded", "gtin")
    autocomplete_fields = ("producer",)
    readonly_fields = ("name_folded", "created_at", "updated_at")
    inlines = [PhotoInline]


@admin.register(CertificationDocument)
class CertificationDocumentAdmin(admin.ModelAdmin):
    list_display = ("kind", "number", "producer", "product", "issued_on", "expires_on")
    list_filter = ("kind",)
    search_fields = ("number", "producer__legal_name")
