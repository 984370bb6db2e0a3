from django.contrib import admin

from ocop.trade.models import (
    DistributionAgreement,
    ExportCredential,
    ExportProfile,
    Inquiry,
    InquiryMessage,
    Listing,
    Market,
    Partner,
    Platform,
    Requirement,
    SalesPoint,
)


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "domain", "counts_for_national_target", "position", "active")
    list_editable = ("position", "active")


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    fields = (
        "position",
        "code",
        "name_vi",
        "name_en",
        "document_kinds",
        "credential_kinds",
        "product_field",
        "product_groups",
    )


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ("name_vi", "name_en", "code", "position", "active")
    list_editable = ("position", "active")
    inlines = [RequirementInline]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country")
    list_filter = ("kind",)
    search_fields = ("name",)
    readonly_fields = ("name_folded",)


@admin.register(DistributionAgreement)
class DistributionAgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "partner", "signed_on", "ends_on", "status", "province")
    list_filter = ("kind", "status", "province")
    search_fields = ("title", "number", "partner__name")
    autocomplete_fields = ("partner",)
    raw_id_fields = ("producer", "products")


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ("product", "platform", "status", "listed_since")
    list_filter = ("platform", "status")
    search_fields = ("product__name_vi", "url")
    raw_id_fields = ("product",)


@admin.register(SalesPoint)
class SalesPointAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "commune", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "address")
    raw_id_fields = ("commune", "products")


@admin.register(ExportCredential)
class ExportCredentialAdmin(admin.ModelAdmin):
    list_display = ("kind", "number", "producer", "product", "market", "issued_on", "expires_on")
    list_filter = ("kind", "market")
    search_fields = ("number", "producer__legal_name", "product__name_vi")
    raw_id_fields = ("producer", "product")


@admin.register(ExportProfile)
class ExportProfileAdmin(admin.ModelAdmin):
    list_display = ("product", "capacity_per_month", "capacity_unit", "lead_time_days", "incoterms")
    raw_id_fields = ("product",)


class InquiryMessageInline(admin.TabularInline):
    model = InquiryMessage
    extra = 0
    fields = ("side", "author", "body", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("author",)


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ("company", "country", "product", "status", "created_at")
    list_filter = ("status", "target_market")
    search_fields = ("company", "email", "product__name_vi")
    raw_id_fields = ("product", "buyer")
    inlines = [InquiryMessageInline]
