from django.contrib import admin
from django.utils.translation import gettext as _

from ocop.core.models import AuditEvent, OutboxEntry
from ocop.core.outbox import outbox_retry


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail is read-only, even for administrators."""

    list_display = ("occurred_at", "actor_label", "action", "target_type", "target_label")
    list_filter = ("action", "target_type")
    search_fields = ("actor_label", "target_label", "target_id")
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxEntry)
class OutboxEntryAdmin(admin.ModelAdmin):
    """Jobs waiting after a commit (ocop.core.outbox). An operator reads the error of a failed one,
    fixes the cause (mail server, broker) and gives it a fresh start with the action."""

    list_display = ("id", "task_name", "args", "status", "attempts", "next_attempt_at", "created_at", "sent_at")
    list_filter = ("status", "task_name")
    search_fields = ("task_name", "last_error")
    readonly_fields = [field.name for field in OutboxEntry._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Thử lại ngay các tác vụ đã chọn"), permissions=["view"])
    def retry_now(self, request, queryset):
        count = outbox_retry(entry_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("Đã đặt lại %(count)s tác vụ để thử lại ngay.") % {"count": count})
