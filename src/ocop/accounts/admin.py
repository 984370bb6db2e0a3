from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "role", "province", "commune", "producer", "is_active")
    list_filter = ("role", "is_active", "province")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ("commune", "producer")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Vai trò và phạm vi"),
            {"fields": ("role", "full_name", "phone", "organisation", "province", "commune", "producer")},
        ),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "last_used_at")
    search_fields = ("name", "user__username")
