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


# When a text last changed, per language: {"description_de": "2026-12-02T01:50:00+00:00", ...}
# in the model's `texts_changed` (a JSONField the services fill on save, see note_text_changes).

def note_text_changes(obj, changed, *, previous: dict | None = None, now=None) -> bool:
    """Stamp the `<field>_de` / `<field>_en` names among `changed` with the time of this save,
    on `obj.texts_changed` (over `previous`, the stamps of the locked row, if given). Call it in
    the service, before saving; True if anything was stamped (add "texts_changed" to
    update_fields then)."""
    names = [name for name in changed if name.endswith(("_de", "_en"))]
    if not names:
        return False
    from datetime import UTC

    from django.utils import timezone

    stamp = (now or timezone.now()).astimezone(UTC).isoformat(timespec="microseconds")
    base = previous if previous is not None else (getattr(obj, "texts_changed", None) or {})
    obj.texts_changed = {**base, **{name: stamp for name in names}}
    return True


def older_english(obj, *fields: str) -> list[str]:
    """The fields among `fields` whose English text exists but was changed last before the
    German one (the German was edited since: the English may say something else now). A text
    without a stamp predates the tracking: an English one without, beside a German one with,
    is older."""
    if obj is None:
        return []
    stamps = getattr(obj, "texts_changed", None) or {}
    older = []
    for field in fields:
        german, english = stamps.get(f"{field}_de"), stamps.get(f"{field}_en")
        if (getattr(obj, f"{field}_de", "") and getattr(obj, f"{field}_en", "") and german
                and (english is None or english < german)):
            older.append(field)
    return older


def filled_texts(obj) -> list[str]:
    """The `<field>_de` / `<field>_en` columns of `obj` that hold a text (a new row's stamps)."""
    return [field.name for field in obj._meta.concrete_fields
            if field.name.endswith(("_de", "_en")) and getattr(obj, field.attname, "")]
