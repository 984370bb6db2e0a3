from django.contrib import admin

from ocop.certificates.models import Certificate, IssuingRule, NumberCounter, NumberingScheme, RevocationGround


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates change only through the services (audited)."""

    list_display = ["number", "product", "stars", "status", "decision_date", "valid_until", "is_demo"]
    list_filter = ["status", "stars", "authority_level", "is_demo"]
    search_fields = ["number", "decision_number", "product__name_vi", "producer__legal_name"]
    list_select_related = ["product"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuingRule)
class IssuingRuleAdmin(admin.ModelAdmin):
    list_display = ["authority_level", "role", "min_stars", "max_stars", "decided_before", "notes"]


@admin.register(RevocationGround)
class RevocationGroundAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "legal_basis", "active", "position"]


@admin.register(NumberingScheme)
class NumberingSchemeAdmin(admin.ModelAdmin):
    list_display = ["province", "pattern"]


@admin.register(NumberCounter)
class NumberCounterAdmin(admin.ModelAdmin):
    list_display = ["province", "year", "last_value"]
    readonly_fields = ["province", "year", "last_value"]
