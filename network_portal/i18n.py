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
