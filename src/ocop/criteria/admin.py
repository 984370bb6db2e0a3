from django.contrib import admin

from ocop.criteria.models import CriteriaVersion, Criterion, Knockout, Option, ProductGroup, ProductSet


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "effective_from", "effective_to", "has_sheets"]


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ["version", "number", "name_vi", "name_en"]
    list_filter = ["version"]


@admin.register(ProductSet)
class ProductSetAdmin(admin.ModelAdmin):
    list_display = ["version", "code", "name_vi", "status", "max_total"]
    list_filter = ["version", "status", "group"]
    readonly_fields = ["problems", "corrections", "source_sha256", "fingerprint"]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["code", "text", "points", "mandatory_stars", "source_line"]
    readonly_fields = fields


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["product_set", "code", "title", "max_points", "mandatory_stars"]
    list_filter = ["product_set__version", "product_set"]
    search_fields = ["title"]
    inlines = [OptionInline]


@admin.register(Knockout)
class KnockoutAdmin(admin.ModelAdmin):
    list_display = ["product_set", "code", "kind", "scope"]
    list_filter = ["kind"]
