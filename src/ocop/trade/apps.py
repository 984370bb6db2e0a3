from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    name = "ocop.trade"
    verbose_name = _("Phân phối và xuất khẩu")
