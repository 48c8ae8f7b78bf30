"""Choosing the columns of an export, and saved choices ("Namensschilder", "Catering").

The chooser is one page per export (`chooser_page`), which each app opens from its list with
the list's filters: the person ticks columns, puts them in order (up/down buttons that post the
form, or move the row at once with JavaScript, static/js/portal.js) and downloads: the page
redirects to the list's own export URL with `format=` and `columns=` in order, so the file goes
through `network_portal.exports.response_for` like every export (its filters, permission check,
audit entry, formula neutralisation and queries unchanged).

A choice can be saved under a name, for oneself or shared with one of the export's organisers:
everyone who may export that organiser's list of this kind is offered it. The app says which
organisers an export belongs to (`Scope.organiser_ids`: whose shared choices it offers) and for
which of them this person may save (`Scope.share_with`); the rules themselves are in
`network_portal.permissions` (`can_use_export_preset`, `can_share_export_preset`,
`can_delete_export_preset`). A saved choice of another organiser, another person or another
kind of export is not found, whatever id a URL names.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from network_portal import audit, exports
from network_portal.models import ExportPreset
from network_portal.permissions import (
    can_delete_export_preset,
    can_share_export_preset,
    can_use_export_preset,
)

SAVED = "network_portal.export_preset.saved"
DELETED = "network_portal.export_preset.deleted"
LABELS = {
    SAVED: _("saved a choice of export columns"),
    DELETED: _("deleted a saved choice of export columns"),
}

# The parameters of a list URL that are the export's, not the list's filters.
_NOT_FILTERS = {"format", "print", "page", "preset", exports.COLUMNS_PARAM, exports.CHOSEN_PARAM}
PERSONAL = "me"


@dataclass
class Scope:
    """What an app tells the chooser about one export."""

    kind: str  # "events.participants": saved choices are per kind
    columns: list  # the exporter's column registry [(key, label)]
    export_url: str  # the list URL whose `format=` makes the file
    back_url: str  # may hold a query of its own ("/statistics/?period=custom"): filters follow
    title: str  # the page's heading, e.g. "Export the participants"
    subject: str = ""  # what is exported, e.g. the event's title
    organiser_ids: set = field(default_factory=set)  # whose shared choices are offered here
    share_with: list = field(default_factory=list)  # [(organisation id, name)] one may save for


class PresetError(ValueError):
    def __init__(self, message):
        super().__init__(force_str(message))
        self.message = message


# Services ---------------------------------------------------------------------------------


def presets_for(user, scope: Scope) -> list[ExportPreset]:
    """The saved choices offered on this export: the person's own, then the organisers'."""
    if not (user and user.is_authenticated):
        return []
    from django.db.models import Q

    shared = Q(organiser_id__in=scope.organiser_ids) if scope.organiser_ids else Q(pk__in=[])
    presets = (ExportPreset.objects.filter(kind=scope.kind).filter(Q(owner=user) | shared)
               .select_related("organiser").order_by("organiser_id", "name", "pk"))
    return [preset for preset in presets
            if can_use_export_preset(user, preset, organiser_ids=scope.organiser_ids)]


def find_preset(user, scope: Scope, preset_id) -> ExportPreset:
    """The saved choice with this id if this person may use it here; PresetError otherwise
    (the same answer for an id that does not exist and one that is not theirs)."""
    try:
        pk = int(preset_id)
    except (TypeError, ValueError):
        pk = None
    preset = next((p for p in presets_for(user, scope) if p.pk == pk), None) if pk else None
    if preset is None:
        raise PresetError(_("This saved choice of columns does not exist here. It may have been "
                            "deleted, or it belongs to another organiser or person."))
    return preset


def known_columns(preset: ExportPreset, scope: Scope) -> list[str]:
    """The preset's columns the export still has (a column removed since is left out)."""
    known = set(exports.column_keys(scope.columns))
    return [key for key in preset.columns if key in known]


def save_preset(user, scope: Scope, *, name: str, keys, share: str = PERSONAL
                ) -> tuple[ExportPreset, bool]:
    """Save `keys` (in order) as `name`, for the person (`share="me"`) or shared with the
    organiser whose id `share` is. The same name in the same place is replaced. Returns the
    preset and whether it is new; PresetError (nothing saved) for bad columns, a blank name or
    an organiser this person may not save for."""
    name = " ".join((name or "").split())
    if not name:
        raise PresetError(_("Enter a name for the choice, e.g. “Name badges”."))
    if len(name) > ExportPreset._meta.get_field("name").max_length:
        raise PresetError(_("The name is too long (at most 80 characters)."))
    try:
        keys = exports.validate_columns(keys, scope.columns)
    except exports.ColumnError as error:
        raise PresetError(error.message) from None
    owner, organiser_id = user, None
    if share != PERSONAL:
        try:
            organiser_id = int(share)
        except (TypeError, ValueError):
            organiser_id = None
        share_ids = {pk for pk, _name in scope.share_with}
        if organiser_id is None or not can_share_export_preset(user, organiser_id,
                                                               share_ids=share_ids):
            raise PresetError(_("You cannot save a choice for this organiser."))
        owner = None
    lookup = {"kind": scope.kind, "name": name, "owner": owner, "organiser_id": organiser_id}
    with transaction.atomic():
        try:
            preset, created = ExportPreset.objects.select_for_update().get_or_create(
                **lookup, defaults={"columns": keys, "created_by": user})
        except IntegrityError:  # saved at the same moment by someone else: theirs stays
            raise PresetError(_("This name was just saved by someone else. Please try again.")
                              ) from None
        if not created:
            preset.columns = keys
            preset.save(update_fields=["columns", "updated_at"])
        audit.log_action(preset, SAVED, by=user, data={
            "kind": scope.kind, "name": name, "columns": keys, "organiser": organiser_id,
            "created": created})
    return preset, created


def delete_preset(user, scope: Scope, preset_id) -> ExportPreset:
    preset = find_preset(user, scope, preset_id)
    share_ids = {pk for pk, _name in scope.share_with}
    if not can_delete_export_preset(user, preset, share_ids=share_ids):
        raise PresetError(_("You cannot delete this saved choice: it belongs to an organiser "
                            "you do not act for."))
    with transaction.atomic():
        audit.log_action(preset, DELETED, by=user, data={
            "kind": preset.kind, "name": preset.name, "organiser": preset.organiser_id})
        preset.delete()
    return preset


def export_query(filters: str, *, fmt: str, keys) -> str:
    """The list URL's query for a download: its filters, the format and the columns in order."""
    query = clean_filters(filters)
    query["format"] = fmt
    query[exports.COLUMNS_PARAM] = ",".join(keys)
    return query.urlencode(safe=",")


def clean_filters(raw: str) -> QueryDict:
    """The list's filters from a query string, without the export's own parameters."""
    query = QueryDict(raw or "", mutable=True)
    for name in list(query):
        if name in _NOT_FILTERS or name.startswith(exports.ORDER_PREFIX):
            del query[name]
    return query


# The page ---------------------------------------------------------------------------------


class PresetForm(forms.Form):
    name = forms.CharField(label=_("Name of the choice"), max_length=80, required=False,
                           help_text=_("E.g. “Name badges”, “Catering”, “Funding report”. "
                                       "The same name again replaces the saved columns."))
    share = forms.ChoiceField(label=_("Offer it to"), widget=forms.RadioSelect,
                              required=False)

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(PERSONAL, _("Only me"))]
        choices += [(str(pk), _("Everyone who exports for %(organiser)s") % {"organiser": name})
                    for pk, name in scope.share_with]
        self.fields["share"].choices = choices
        self.fields["share"].initial = PERSONAL


def _rows(scope: Scope, order: list[str], checked: set[str]) -> list[dict]:
    labels = dict(scope.columns)
    return [{"key": key, "label": labels[key], "checked": key in checked, "position": index,
             "first": index == 1, "last": index == len(order)}
            for index, key in enumerate(order, start=1)]


def _full_order(scope: Scope, chosen: list[str]) -> list[str]:
    """The chosen columns first, in their order, then the others as the export registers them."""
    return chosen + [key for key in exports.column_keys(scope.columns) if key not in chosen]


def _posted_state(post, scope: Scope) -> tuple[list[str], set[str]]:
    """(every column in the order the form showed, the ticked ones); PresetError if the form
    names a column the export does not have."""
    known = exports.column_keys(scope.columns)
    order = list(dict.fromkeys(post.getlist("order")))
    checked = set(post.getlist(exports.COLUMNS_PARAM))
    unknown = [key for key in [*order, *checked] if key not in known]
    if unknown:
        raise PresetError(_("Unknown column “%(columns)s”. This export has: %(known)s.")
                          % {"columns": "”, “".join(dict.fromkeys(unknown)),
                             "known": ", ".join(known)})
    order += [key for key in known if key not in order]
    return order, checked


def _move(order: list[str], move: str) -> list[str]:
    direction, _sep, key = (move or "").partition(":")
    if key not in order or direction not in ("up", "down"):
        return order
    index = order.index(key)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    return order


def chooser_page(request, scope: Scope):
    """The column chooser of one export (GET shows it, POST moves, downloads, saves, deletes).

    The app's view checks first that the person may export this list at all."""
    user = request.user
    presets = presets_for(user, scope)
    errors: list = []
    status = 200
    loaded = None
    fmt = "csv"
    if request.method == "POST":
        # The form posts to its own URL, which holds the filters too.
        filters = clean_filters(request.POST.get("filters", request.GET.urlencode())).urlencode()
        action = request.POST.get("action", "")
        move = request.POST.get("move", "")
        fmt = request.POST.get("format", fmt)
        form = PresetForm(request.POST, scope=scope)
        try:
            order, checked = _posted_state(request.POST, scope)
        except PresetError as error:
            errors.append(error.message)
            order = _full_order(scope, exports.column_keys(scope.columns))
            checked = set(order)
            status = 400
        else:
            chosen = [key for key in order if key in checked]
            if move:
                order = _move(order, move)
            elif action in ("all", "none"):
                checked = set(order) if action == "all" else set()
            elif action == "download":
                if fmt not in exports.FORMATS:
                    errors.append(_("Choose one of the file formats."))
                elif not chosen:
                    errors.append(_("Choose at least one column."))
                else:
                    return HttpResponseRedirect(
                        f"{scope.export_url}?{export_query(filters, fmt=fmt, keys=chosen)}",
                        status=303)
                status = 400
            elif action == "save" or action.startswith("delete:"):
                try:
                    if action == "save":
                        preset, created = save_preset(
                            user, scope, name=form.data.get("name", ""), keys=chosen,
                            share=form.data.get("share") or PERSONAL)
                        messages.success(request, (
                            _("The choice “%(name)s” is saved.") if created else
                            _("The choice “%(name)s” now has these columns."))
                            % {"name": preset.name})
                        query = QueryDict(filters, mutable=True)
                        query["preset"] = str(preset.pk)
                        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}",
                                                    status=303)
                    preset = delete_preset(user, scope, action.partition(":")[2])
                    messages.success(request, _("The choice “%(name)s” is deleted.")
                                     % {"name": preset.name})
                    return HttpResponseRedirect(
                        f"{request.path}?{filters}" if filters else request.path, status=303)
                except PresetError as error:
                    errors.append(error.message)
                    status = 400 if action == "save" else 404
    else:
        filters = clean_filters(request.GET.urlencode()).urlencode()
        chosen = exports.column_keys(scope.columns)
        initial = {}
        if request.GET.get("preset"):
            try:
                loaded = find_preset(user, scope, request.GET["preset"])
            except PresetError as error:
                errors.append(error.message)
                status = 404
            else:
                chosen = known_columns(loaded, scope) or chosen
                initial = {"name": loaded.name,
                           "share": str(loaded.organiser_id) if loaded.organiser_id else PERSONAL}
        elif request.GET.get(exports.COLUMNS_PARAM):
            try:
                chosen = exports.requested_columns(request.GET, scope.columns) or chosen
            except exports.ColumnError as error:
                errors.append(error.message)
                status = 400
        order, checked = _full_order(scope, chosen), set(chosen)
        form = PresetForm(initial=initial, scope=scope)
    share_ids = {pk for pk, _name in scope.share_with}
    offered = [{
        "preset": preset,
        "links": [(label, f"{scope.export_url}?"
                   f"{export_query(filters, fmt=code, keys=known_columns(preset, scope))}")
                  for code, label in exports.FORMATS.items()],
        "labels": ", ".join(force_str(dict(scope.columns)[key])
                            for key in known_columns(preset, scope)),
        "deletable": can_delete_export_preset(user, preset, share_ids=share_ids),
        "current": loaded is not None and preset.pk == loaded.pk,
    } for preset in presets]
    return render(request, "exports/columns.html", {
        "scope": scope, "rows": _rows(scope, order, checked), "form": form,
        "filters": filters, "offered": offered, "errors": errors, "loaded": loaded,
        "formats": exports.FORMATS, "format": fmt if fmt in exports.FORMATS else "csv",
        "back_url": (f"{scope.back_url}{'&' if '?' in scope.back_url else '?'}{filters}"
                     if filters else scope.back_url),
        "filtered": bool(filters),
    }, status=status)
