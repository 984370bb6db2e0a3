"""Language: Vietnamese unless the person chose English with the switch (a cookie).

Django's LocaleMiddleware would follow the browser's Accept-Language header, which would show a
Vietnamese officer with an English-language browser the English pages. The platform is
Vietnamese first, so only an explicit choice changes the language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
