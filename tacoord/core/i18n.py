"""The six UN languages and the columns that hold a text in each of them."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Suffix of translated columns, in the order the UN lists its official languages.
LANGUAGE_SUFFIXES = ("ar", "zh", "en", "fr", "ru", "es")
LANGUAGE_LABELS = {
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "en": _("English"),
    "fr": _("French"),
    "ru": _("Russian"),
    "es": _("Spanish"),
}


def language_suffix(language_code: str | None = None) -> str:
    """The column suffix for a Django language code: 'zh-hans' → 'zh', 'fr-ca' → 'fr', unknown → 'en'."""
    code = (language_code or get_language() or "en").lower().split("-")[0]
    return code if code in LANGUAGE_SUFFIXES else "en"


def localized(obj, field: str, language_code: str | None = None) -> str:
    """The text of `field` in the user's language, falling back to English, then any language that has it."""
    preferred = language_suffix(language_code)
    for suffix in (preferred, "en", *LANGUAGE_SUFFIXES):
        value = getattr(obj, f"{field}_{suffix}", "")
        if value:
            return value
    return ""


def localized_order(field: str, language_code: str | None = None) -> str:
    return f"{field}_{language_suffix(language_code)}"


class MultilingualName(models.Model):
    """A name in the six UN languages; `name` gives it in the active language."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name


def multilingual_name_q(term: str):
    """A filter matching `term` in any of the six names."""
    query = models.Q()
    for suffix in LANGUAGE_SUFFIXES:
        query |= models.Q(**{f"name_{suffix}__icontains": term})
    return query
