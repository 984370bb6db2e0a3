from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducersConfig(AppConfig):
    name = "ocop.producers"
    verbose_name = _("Chủ thể OCOP")
