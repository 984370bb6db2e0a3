from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "ocop.evaluations"
    verbose_name = _("Đánh giá, phân hạng")
