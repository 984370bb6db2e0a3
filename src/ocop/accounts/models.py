"""Users, their role and the scope they act in.

A user has exactly one role. The role decides which scope field must be set: a producer's user
belongs to one producer organisation, a commune officer to one commune, a provincial officer and a
council member to one province. The database enforces that pairing.
"""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.core.models import TimeStampedModel


class Role(models.TextChoices):
    PRODUCER = "producer", _("Chủ thể OCOP")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ xã")
    PROVINCIAL_OFFICER = "provincial_officer", _("Cán bộ tỉnh (Văn phòng OCOP)")
    COUNCIL_MEMBER = "council_member", _("Thành viên hội đồng")
    CENTRAL_OFFICER = "central_officer", _("Cán bộ trung ương")
    BUYER = "buyer", _("Người mua, nhà nhập khẩu")
    ADMIN = "admin", _("Quản trị hệ thống")


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices, default=Role.BUYER)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("tỉnh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("xã, phường"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    producer = models.ForeignKey(
        "producers.Producer",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    organisation = models.CharField(_("đơn vị, công ty"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                name="user_role_matches_scope",
                condition=(
                    Q(role=Role.PRODUCER, producer__isnull=False)
                    | Q(role=Role.COMMUNE_OFFICER, commune__isnull=False, producer__isnull=True)
                    | Q(
                        role__in=[Role.PROVINCIAL_OFFICER, Role.COUNCIL_MEMBER],
                        province__isnull=False,
                        producer__isnull=True,
                    )
                    | Q(role__in=[Role.CENTRAL_OFFICER, Role.BUYER, Role.ADMIN], producer__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class ApiToken(TimeStampedModel):
    """A bearer token for scripts. Only a hash is stored; the key is shown once, when created."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "ocop_" + secrets.token_urlsafe(32)
