"""What every app's demo loader shares. Only for development: seed_demo refuses to run without DEBUG."""


def upsert(model, defaults: dict | None = None, **lookup):
    """Create the row, or update only the fields that differ: a second seed run changes nothing.

    Every app's demo loader uses this instead of update_or_create, which always saves (and so
    touches auto_now timestamps).
    """
    defaults = defaults or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults)
    changed = [field for field, value in defaults.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, defaults[field])
        obj.save(update_fields=changed)
    return obj
