from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.audit import action_label, actor_name


class TimeStampedModel(models.Model):
    """Base for every domain model: when a row was created and last changed."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One state change: who did what to which object, with the values before and after."""

    occurred_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    actor_label = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("hành động"), max_length=64)
    target_type = models.CharField(_("loại đối tượng"), max_length=100)
    target_id = models.CharField(_("mã đối tượng"), max_length=64)
    target_label = models.CharField(_("đối tượng"), max_length=300, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"

    @property
    def actor_name(self) -> str:
        """Who made the change, in words ("Hệ thống" / "System" when the platform did)."""
        return actor_name(self.actor_label)

    @property
    def action_label(self) -> str:
        """The action in words, in the active language ("Lập hồ sơ" / "Dossier created")."""
        return action_label(self.action)

    def changes(self) -> list[tuple[str, object, object]]:
        """The fields whose value differs between before and after, in a stable order."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    QUEUED = "queued", _("Đã chuyển cho hàng đợi")
    RUNNING = "running", _("Đang chạy")
    SENT = "sent", _("Đã xong")
    FAILED = "failed", _("Thất bại")


class OutboxEntry(models.Model):
    """One job to run after a write commits (ocop.core.outbox): written in the caller's transaction,
    so a saved write always has its job, and a job whose broker or mail server is down waits here."""

    task_name = models.CharField(_("tác vụ"), max_length=200)
    args = models.JSONField(_("tham số"), default=list, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    # pending: when the relay may try it; queued or running: when its claim lapses (lease).
    next_attempt_at = models.DateTimeField(_("lần thử tiếp theo"))
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ chờ gửi")
        verbose_name_plural = _("hàng đợi tác vụ (outbox)")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="core_outbox_due")]
        constraints = [
            models.CheckConstraint(
                name="core_outbox_status_valid",
                condition=models.Q(status__in=["pending", "queued", "running", "sent", "failed"]),
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.task_name} {self.args} ({self.status})"
