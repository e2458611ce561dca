"""Texts that IATI allows in several languages, kept as {language code: text} ("narratives"). Plain Python."""

from collections.abc import Mapping

FALLBACK_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")


def narrative_text(narratives: Mapping[str, str] | None, language: str | None = None,
                   default_language: str | None = None) -> str:
    """The text in `language`, else the activity's default language, else English, else any language that has it."""
    if not narratives:
        return ""
    if isinstance(narratives, str):
        return narratives
    wanted = (language or "en").lower().split("-")[0]
    for code in (wanted, (default_language or "").lower(), "", *FALLBACK_LANGUAGES):
        value = narratives.get(code)
        if value:
            return value
    return next((value for value in narratives.values() if value), "")


def narrative_languages(narratives: Mapping[str, str] | None) -> list[str]:
    return sorted(code for code, value in (narratives or {}).items() if value)
