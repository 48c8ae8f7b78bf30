"""The agenda reaches save_event as plain rows (the staff form's formset turns into them)."""

import pytest

from events import services
from events.forms import AgendaItemFormSet
from events.models import AgendaItem
from events.services import AgendaRow
from events.tests.factories import AgendaItemFactory, EventFactory, attendee

pytestmark = pytest.mark.django_db


def test_rows_add_change_and_delete_agenda_items(event):
    kept = AgendaItemFactory(event=event, title_de="Bleibt", position=1)
    renamed = AgendaItemFactory(event=event, title_de="Alt", position=2)
    gone = AgendaItemFactory(event=event, title_de="Weg", position=3)

    services.save_event(event, agenda=[
        AgendaRow(id=kept.pk, title_de="Bleibt", kind=kept.kind, position=1),
        AgendaRow(id=renamed.pk, title_de="Neu", kind=renamed.kind, position=2, capacity=12),
        AgendaRow(id=gone.pk, delete=True),
        AgendaRow(title_de="Gesprächsinsel Recycling", kind=AgendaItem.Kind.ISLAND, position=4),
    ], by=None)

    assert [(i.title_de, i.capacity) for i in event.agenda_items.all()] == [
        ("Bleibt", None), ("Neu", 12), ("Gesprächsinsel Recycling", None)]


def test_an_item_of_another_event_is_refused_and_nothing_changes(event):
    foreign = AgendaItemFactory(event=EventFactory(), title_de="Fremd")

    with pytest.raises(services.EventChangeRefused) as refused:
        services.save_event(event, agenda=[AgendaRow(id=foreign.pk, title_de="Gekapert")],
                            by=None)

    assert refused.value.code == "agenda_item_unknown"
    foreign.refresh_from_db()
    assert foreign.title_de == "Fremd"


def test_deleting_an_item_people_chose_is_refused(event):
    chosen = AgendaItemFactory(event=event)
    services.register(event, attendee(1), agenda_items=[chosen])

    with pytest.raises(services.EventChangeRefused) as refused:
        services.save_event(event, agenda=[AgendaRow(id=chosen.pk, delete=True)], by=None)

    assert refused.value.code == "agenda_item_chosen"
    assert AgendaItem.objects.filter(pk=chosen.pk).exists()


def test_the_formset_gives_the_existing_items_and_only_the_filled_in_new_ones(event):
    item = AgendaItemFactory(event=event, title_de="Vortrag", position=1)
    formset = AgendaItemFormSet({
        "agenda-TOTAL_FORMS": "3", "agenda-INITIAL_FORMS": "1",
        "agenda-0-id": str(item.pk), "agenda-0-event": str(event.pk), "agenda-0-position": "1",
        "agenda-0-kind": item.kind, "agenda-0-title_de": "Vortrag",
        "agenda-1-position": "2", "agenda-1-kind": "island", "agenda-1-title_de": "Insel",
        "agenda-1-capacity": "8",
        "agenda-2-position": "0", "agenda-2-kind": "talk", "agenda-2-title_de": "",
    }, instance=event, prefix="agenda")

    assert formset.is_valid(), formset.errors
    rows = formset.rows()

    assert [(row.id, row.title_de, row.capacity, row.delete) for row in rows] == [
        (item.pk, "Vortrag", None, False), (None, "Insel", 8, False)]
