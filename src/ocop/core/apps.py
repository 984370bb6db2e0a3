from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ocop.core"
    verbose_name = _("Nền tảng")

    def ready(self) -> None:
        # settings.OCOP_HOOKS names what runs after what: a misspelt event or path fails here, at start
        # (and so in `manage.py check`), not silently when the event first happens.
        from ocop.core.hooks import hook_problems

        problems = hook_problems()
        if problems:
            raise ImproperlyConfigured("\n".join(problems))
