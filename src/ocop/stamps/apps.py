from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StampsConfig(AppConfig):
    name = "ocop.stamps"
    verbose_name = _("Tem truy xuất")
