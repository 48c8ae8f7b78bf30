from django.utils import translation


class Bilingual:
    """Mixin for models with `<field>_de` / `<field>_en` pairs: `obj.localized("name")`."""

    def localized(self, field: str) -> str:
        language = (translation.get_language() or "de")[:2]
        preferred = getattr(self, f"{field}_{language}", "")
        return preferred or getattr(self, f"{field}_de", "") or getattr(self, f"{field}_en", "")


def localized_property(field: str) -> property:
    """A read-only attribute giving the `<field>_de` / `<field>_en` pair in the active language:
    `title = localized_property("title")` on a Bilingual model."""
    return property(lambda self: self.localized(field))


def shown_language(obj, field: str) -> str:
    """The language ("de" or "en") of the text `obj.localized(field)` shows in the active
    language: "de" when an English reader sees the German text because there is no English one."""
    language = (translation.get_language() or "de")[:2]
    if language not in ("de", "en"):
        language = "de"
    if getattr(obj, f"{field}_{language}", ""):
        return language
    if getattr(obj, f"{field}_de", ""):
        return "de"
    return "en" if getattr(obj, f"{field}_en", "") else language

def missing_english(obj, *fields: str) -> list[str]:
    """The fields among `fields` with a German text but no English one (for the editors' notice)."""
    if obj is None:
        return []
    return [f for f in fields if getattr(obj, f"{f}_de", "") and not getattr(obj, f"{f}_en", "")]
