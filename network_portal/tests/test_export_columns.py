"""Choosing export columns: the one export path writes the chosen columns in the chosen order,
saved choices belong to one person or one organiser, and bad input changes nothing. (Messages
in German, the tests' language.)"""

import csv
import io

import pytest
from django.http import QueryDict
from openpyxl import load_workbook

from network_portal import export_columns, exports
from network_portal.models import AuditEntry, ExportPreset
from network_portal.permissions import (
    can_delete_export_preset,
    can_share_export_preset,
    can_use_export_preset,
)


class Sample(exports.Exporter):
    filename = "sample"
    columns = [("name", "Name"), ("email", "E-mail"), ("phone", "Phone"), ("note", "Note")]

    def rows(self):
        yield ("Erika Muster", "erika@example.org", "+49 375 123", "=HYPERLINK(1)")
        yield ("Max Beispiel", "max@example.org", None, "plain")


def csv_rows(exporter):
    return list(csv.reader(io.StringIO("".join(exports.iter_csv(exporter)).lstrip("\ufeff")),
                           delimiter=";"))


def test_csv_has_only_the_chosen_columns_in_the_chosen_order_still_neutralised():
    rows = csv_rows(Sample().choose(["note", "phone", "name"]))
    assert rows == [["Note", "Phone", "Name"],
                    ["'=HYPERLINK(1)", "'+49 375 123", "Erika Muster"],
                    ["plain", "", "Max Beispiel"]]


def test_xlsx_has_only_the_chosen_columns_in_the_chosen_order_as_text_cells():
    buffer = io.BytesIO()
    exports.write_xlsx(Sample().choose(["phone", "note"]), buffer)
    buffer.seek(0)
    sheet = load_workbook(buffer).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [["Phone", "Note"], ["+49 375 123", "=HYPERLINK(1)"], [None, "plain"]]
    assert sheet["B2"].data_type == "s"  # text, never a formula


def test_without_a_choice_every_column_is_written():
    assert csv_rows(Sample())[0] == ["Name", "E-mail", "Phone", "Note"]


@pytest.mark.parametrize(("query", "expected"), [
    ("", None),
    ("columns=phone&columns=name", ["phone", "name"]),
    ("columns=phone,name", ["phone", "name"]),
    ("columns=name&columns=phone&order-phone=1&order-name=2", ["phone", "name"]),
    ("columns=name&columns=phone&columns=email&order-email=1", ["email", "name", "phone"]),
    ("columns=name,name,email", ["name", "email"]),
])
def test_requested_columns(query, expected):
    assert exports.requested_columns(QueryDict(query), Sample.columns) == expected


@pytest.mark.parametrize(("query", "message"), [
    ("columns=name,salary", "Unbekannte Spalte „salary“"),
    ("chosen=1", "Wählen Sie mindestens eine Spalte."),
    ("columns=name&order-name=first", "Die Position von „Name“ muss eine ganze Zahl sein."),
])
def test_bad_column_requests_are_refused_with_the_reason(query, message):
    with pytest.raises(exports.ColumnError) as error:
        exports.requested_columns(QueryDict(query), Sample.columns)
    assert message in str(error.value)


def test_response_for_refuses_an_unknown_column_before_making_the_export(rf):
    made = []

    def make():
        made.append(True)
        return Sample()

    response = exports.response_for(rf.get("/?format=csv&columns=name,salary"), make,
                                    columns=Sample.columns)
    assert response.status_code == 400
    assert "Unbekannte Spalte „salary“" in response.content.decode()
    assert made == []  # nothing recorded, nothing made
    response = exports.response_for(rf.get("/?format=csv&columns=email,name"), make,
                                    columns=Sample.columns)
    assert response.status_code == 200 and made == [True]
    content = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    assert content.startswith("E-mail;Name\r\n")


def test_an_export_without_a_column_registry_refuses_a_choice(rf):
    response = exports.response_for(rf.get("/?format=csv&columns=name"), Sample)
    assert response.status_code == 400


# Saved choices ------------------------------------------------------------------------------


def scope(**fields):
    return export_columns.Scope(**{
        "kind": "sample", "columns": Sample.columns, "export_url": "/sample/",
        "back_url": "/sample/", "title": "Sample", **fields})


@pytest.mark.django_db
def test_a_person_saves_a_choice_for_themselves_and_saving_the_name_again_replaces_it(member):
    preset, created = export_columns.save_preset(member, scope(), name="  Namensschilder ",
                                                 keys=["name", "email"])
    assert created and preset.name == "Namensschilder" and preset.owner == member
    assert preset.columns == ["name", "email"] and preset.created_by == member
    again, created = export_columns.save_preset(member, scope(), name="Namensschilder",
                                                keys=["email"])
    assert not created and again.pk == preset.pk
    assert ExportPreset.objects.get().columns == ["email"]
    assert AuditEntry.objects.filter(action=export_columns.SAVED).count() == 2
    assert [p.name for p in export_columns.presets_for(member, scope())] == ["Namensschilder"]


@pytest.mark.django_db
def test_a_shared_choice_is_offered_on_the_exports_of_that_organiser_only(
        cluster_manager, other_manager, cluster, other_cluster):
    mine = scope(organiser_ids={cluster.pk}, share_with=[(cluster.pk, cluster.name)])
    preset, _created = export_columns.save_preset(cluster_manager, mine, name="Catering",
                                                  keys=["name"], share=str(cluster.pk))
    assert preset.organiser == cluster and preset.owner is None
    # Everyone exporting for that organiser is offered it, another organiser's export is not.
    assert export_columns.presets_for(other_manager, scope(organiser_ids={cluster.pk})) == [preset]
    theirs = scope(organiser_ids={other_cluster.pk})
    assert export_columns.presets_for(other_manager, theirs) == []
    with pytest.raises(export_columns.PresetError):
        export_columns.find_preset(other_manager, theirs, preset.pk)
    # Another kind of export does not offer it either.
    assert export_columns.presets_for(cluster_manager, scope(kind="other",
                                                             organiser_ids={cluster.pk})) == []


@pytest.mark.django_db
def test_a_personal_choice_is_nobody_elses(member, cluster_manager):
    preset, _created = export_columns.save_preset(member, scope(), name="Meins", keys=["name"])
    assert export_columns.presets_for(cluster_manager, scope()) == []
    with pytest.raises(export_columns.PresetError):
        export_columns.find_preset(cluster_manager, scope(), preset.pk)
    with pytest.raises(export_columns.PresetError):
        export_columns.delete_preset(cluster_manager, scope(), preset.pk)
    assert ExportPreset.objects.filter(pk=preset.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "message"), [
    ({"name": "", "keys": ["name"]}, "Geben Sie der Auswahl einen Namen"),
    ({"name": "X" * 81, "keys": ["name"]}, "zu lang"),
    ({"name": "Förderbericht", "keys": ["name", "salary"]}, "Unbekannte Spalte „salary“"),
    ({"name": "Förderbericht", "keys": []}, "Wählen Sie mindestens eine Spalte."),
    ({"name": "Förderbericht", "keys": ["name"], "share": "999999"}, "Für diesen Veranstalter"),
    ({"name": "Förderbericht", "keys": ["name"], "share": "abc"}, "Für diesen Veranstalter"),
])
def test_saving_bad_input_is_refused_and_saves_nothing(member, fields, message):
    with pytest.raises(export_columns.PresetError) as error:
        export_columns.save_preset(member, scope(), **fields)
    assert message in str(error.value)
    assert not ExportPreset.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_sharing_with_an_organiser_one_does_not_act_for_is_refused(cluster_manager, other_cluster):
    here = scope(organiser_ids={other_cluster.pk}, share_with=[])
    with pytest.raises(export_columns.PresetError):
        export_columns.save_preset(cluster_manager, here, name="X", keys=["name"],
                                   share=str(other_cluster.pk))
    assert not ExportPreset.objects.exists()


@pytest.mark.django_db
def test_the_permission_rules(member, cluster_manager, cluster, other_cluster):
    own = ExportPreset(kind="sample", name="A", owner=member, columns=["name"])
    shared = ExportPreset(kind="sample", name="B", organiser=cluster, columns=["name"])
    assert can_use_export_preset(member, own, organiser_ids=set())
    assert not can_use_export_preset(cluster_manager, own, organiser_ids={cluster.pk})
    assert can_use_export_preset(cluster_manager, shared, organiser_ids={cluster.pk})
    assert not can_use_export_preset(cluster_manager, shared, organiser_ids={other_cluster.pk})
    assert can_share_export_preset(cluster_manager, cluster.pk, share_ids={cluster.pk})
    assert not can_share_export_preset(cluster_manager, other_cluster.pk, share_ids={cluster.pk})
    assert can_delete_export_preset(cluster_manager, shared, share_ids={cluster.pk})
    assert not can_delete_export_preset(member, shared, share_ids=set())
    assert can_delete_export_preset(member, own, share_ids=set())


def test_export_query_keeps_the_filters_and_drops_the_exports_own_parameters():
    query = export_columns.export_query("status=confirmed&format=xlsx&page=3&order-name=2&q=M%C3%BC",
                                        fmt="csv", keys=["name", "email"])
    assert QueryDict(query).dict() == {"status": "confirmed", "q": "Mü", "format": "csv",
                                       "columns": "name,email"}
