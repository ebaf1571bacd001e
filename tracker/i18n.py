"""Translations: Simplified Chinese is the source language, English the second locale.

Messages are written in Chinese in the code and templates, so the Chinese UI
needs no catalogue at all; ``tracker/translations/en/LC_MESSAGES/messages.po``
holds the English. The .po file is compiled in memory the first time a
locale is used, so there is no compile step to forget and no compiled
artefact in the repository.
"""

import functools
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import has_request_context, request
from flask_babel import Babel, Domain, get_locale
from flask_login import current_user

TRANSLATIONS = Path(__file__).resolve().parent / "translations"
#: The locales a user can choose, with their names in their own language.
LOCALES = {"zh": "简体中文", "en": "English"}
DEFAULT_LOCALE = "zh"


@functools.cache
def compiled_catalog(locale: str, domain: str = "messages") -> NullTranslations:
    """The catalogue of ``locale`` compiled from its .po file (NullTranslations when there is none)."""
    po_file = TRANSLATIONS / locale / "LC_MESSAGES" / f"{domain}.po"
    if not po_file.is_file():
        return NullTranslations()
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=domain)


class SourceCatalogDomain(Domain):
    """A Flask-Babel domain that reads .po files (compiled once per process) instead of .mo files."""

    def get_translations(self):
        locale = get_locale()
        if locale is None:
            return NullTranslations()
        return compiled_catalog(locale.language)


class TrackerBabel(Babel):
    """Flask-Babel with the in-memory catalogues."""

    @functools.cached_property
    def domain_instance(self):
        return SourceCatalogDomain(domain=self.domain)


def select_locale() -> str:
    """The signed-in user's chosen language, else the browser's preference, else Chinese.

    Outside a request (the scheduler and the CLI rendering mail to unit clerks) it is Chinese.
    """
    if not has_request_context():
        return DEFAULT_LOCALE
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    return request.accept_languages.best_match(list(LOCALES), default=DEFAULT_LOCALE)
