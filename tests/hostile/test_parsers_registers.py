"""Hostile registers and loaders: the identifier register refuses what it cannot use with a
RegisterError or a ValidationError naming the field, and the agencies and indicator loaders
answer a bad file with a CommandError naming the row, not a traceback."""

import json
import tempfile
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manx_learning.accounts.models import Agency
from manx_learning.lib.anonymiser import RegisterError, load_register, parse_register
from manx_learning.reviews import services
from tests.hostile.parser_inputs import (
    NASTY_CELLS,
    csv_bytes,
    hostile_bytes,
    hostile_csv,
    text_cells,
)

QUICK = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(QUICK, max_examples=50)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.sampled_from(NASTY_CELLS)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "case",
                    "family",
                    "people",
                    "identifiers",
                    "pseudonym",
                    "names",
                    "replacement",
                    "values",
                    "notes",
                    "_x",
                    "identifers",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)
register_texts = st.one_of(
    json_values.map(lambda value: json.dumps(value).encode()),
    hostile_bytes,
    st.integers(1, 200_000).map(lambda depth: b"[" * depth),
    st.integers(4_301, 20_000).map(lambda digits: b'{"case": ' + b"7" * digits + b"}"),
    st.just(b'{"people": [{"pseudonym": "Child A", "names": ["Jay\\u0000den"]}]}'),
)


@QUICK
@given(value=json_values)
def test_any_decoded_register_is_built_or_refused_with_a_register_error(value):
    try:
        register = parse_register(value)
    except RegisterError as error:
        assert str(error).strip()
    else:
        assert all(person.pseudonym and person.names for person in register.people)


@QUICK
@given(data=register_texts)
def test_any_register_file_is_read_or_refused_with_a_register_error(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "REGISTER.json")
        path.write_bytes(data)
        try:
            load_register(path)
        except RegisterError as error:
            assert str(error).strip()


def test_a_register_nested_beyond_the_recursion_limit_is_refused_with_a_message(tmp_path):
    path = tmp_path / "REGISTER.json"
    path.write_bytes(b"[" * 200_000)
    with pytest.raises(RegisterError, match="nests lists or objects too deeply"):
        load_register(path)


def test_a_register_with_a_number_of_5000_digits_is_refused_with_a_message(tmp_path):
    path = tmp_path / "REGISTER.json"
    path.write_bytes(b'{"case": ' + b"7" * 5_000 + b"}")
    with pytest.raises(RegisterError, match="number too long"):
        load_register(path)


# --- The register's services ---------------------------------------------------------------------


@contextmanager
def _undone():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


lines = st.lists(st.one_of(text_cells, st.sampled_from(["Jayden Kinrade", "14 Ballabrooie Drive"])))


@pytest.mark.django_db
@FEW
@given(pseudonym=text_cells, names=lines, values=lines)
def test_the_register_stores_an_entry_or_names_the_field_at_fault(
    gathering, business_unit_officer, pseudonym, names, values
):
    with _undone():
        for add, arguments in (
            (services.register_person_add, {"pseudonym": pseudonym, "names": names}),
            (services.register_identifier_add, {"replacement": "[address]", "values": values}),
        ):
            try:
                add(review=gathering, by=business_unit_officer, **arguments)
            except ValidationError as error:
                assert error.message_dict
        exported = services.register_export(review=gathering, by=business_unit_officer)
        try:
            parse_register(exported)
        except RegisterError as error:
            assert str(error).strip()


@pytest.mark.django_db
def test_a_nul_in_a_register_name_is_refused_naming_the_field(gathering, business_unit_officer):
    with pytest.raises(ValidationError) as error:
        services.register_person_add(
            review=gathering, by=business_unit_officer, pseudonym="Child A", names=["Jay\x00den"]
        )
    assert list(error.value.message_dict) == ["names"]
    assert not gathering.register_people.exists()


# --- The agencies and indicators loaders (management commands) -----------------------------------


def _command(*args: str) -> str:
    """Run a command; return its output, or raise CommandError as the command line shows it."""
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


agency_cells = st.one_of(
    text_cells, st.sampled_from(["IMC", "imc", "NEW-1", "A B", "=X", "police", "Police", "x" * 201])
)
agency_files = st.one_of(hostile_bytes, hostile_csv(["code", "name", "kind"], agency_cells))


@pytest.mark.django_db
@FEW
@given(data=agency_files)
def test_the_agencies_loader_loads_the_file_or_names_the_rows_at_fault(police, data):
    with _undone(), tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "agencies.csv")
        path.write_bytes(data)
        before = list(Agency.objects.order_by("pk").values_list("agency_code", "name", "kind"))
        try:
            assert "Agencies loaded" in _command("agencies", "load", str(path))
        except CommandError as error:
            assert str(error).strip()
            after = list(Agency.objects.order_by("pk").values_list("agency_code", "name", "kind"))
            assert after == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["code", "name"], ["A B", "Spaced agency"]], "Row 2: code 'A B': A code can only have"),
        (
            [["code", "name"], ["NEW-1", "New agency"], ["NEW-2", "New agency"]],
            "Row 3: name 'New agency' is already on row 2",
        ),
        ([["code", "name"], ["NEW-1", "x" * 140_000]], "cannot be read as CSV"),
    ],
    ids=["unsafe code", "one name twice", "cell past the csv field limit"],
)
def test_the_agencies_loader_names_the_row_of_a_file_that_used_to_crash(tmp_path, rows, message):
    path = tmp_path / "agencies.csv"
    path.write_bytes(csv_bytes(rows, "utf-8"))
    with pytest.raises(CommandError, match="Nothing was loaded") as error:
        _command("agencies", "load", str(path))
    assert message in str(error.value)
    assert not Agency.objects.filter(agency_code__startswith="NEW").exists()


@pytest.mark.django_db
def test_the_indicators_loader_names_the_row_of_a_cell_past_the_csv_field_limit(tmp_path):
    path = tmp_path / "indicators.csv"
    rows = [["code", "name", "unit", "improvement", "frequency"], ["CP-09", "x" * 140_000]]
    path.write_bytes(csv_bytes(rows, "utf-8"))
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was stored"):
        call_command("dataset", "load-indicators", str(path), stdout=StringIO(), stderr=err)
    assert "Row 2: This row cannot be read as CSV" in err.getvalue()
