import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from manx_learning.accounts.models import Agency, AgencyKind
from manx_learning.core.models import AuditEvent


def _write(tmp_path, text, name="agencies.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_it_creates_and_updates_agencies_by_code(tmp_path, db, capsys):
    Agency.objects.create(agency_code="IMC", name="Old police name", kind=AgencyKind.POLICE)
    path = _write(
        tmp_path,
        "\ufeffcode,name,kind\r\nimc,Isle of Man Constabulary,police\r\n"
        "MCCF,Manx Care Children and Families,childrens_social_care\r\n\r\nVOL,Island Support,\r\n",
    )
    call_command("agencies", "load", path)
    assert "2 created, 1 updated, 0 unchanged" in capsys.readouterr().out
    assert Agency.objects.get(agency_code="IMC").name == "Isle of Man Constabulary"
    assert Agency.objects.get(agency_code="MCCF").kind == AgencyKind.CHILDRENS_SOCIAL_CARE
    assert Agency.objects.get(agency_code="VOL").kind == AgencyKind.OTHER
    assert AuditEvent.objects.filter(verb="agency.updated").count() == 1


def test_loading_the_same_file_twice_changes_nothing(tmp_path, db, capsys):
    path = _write(tmp_path, "code,name\nIMC,Isle of Man Constabulary\n")
    call_command("agencies", "load", path)
    call_command("agencies", "load", path)
    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out
    assert Agency.objects.count() == 1


def test_bad_rows_are_named_and_nothing_is_loaded(tmp_path, db):
    path = _write(
        tmp_path,
        "code,name,kind\nIMC,Isle of Man Constabulary,police\n,No code,\nX,,\n"
        "DESC,Education,schools\nIMC,Police again,police\n",
    )
    with pytest.raises(CommandError) as error:
        call_command("agencies", "load", path)
    message = str(error.value)
    assert "Row 3: code is empty" in message
    assert "Row 4: name is empty" in message
    assert "Row 5: kind 'schools' is not one of" in message
    assert "Row 6: code IMC is already on row 2" in message
    assert Agency.objects.count() == 0


def test_a_file_without_the_right_header_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="Row 1: the header must include code"):
        call_command("agencies", "load", _write(tmp_path, "id,title\n1,Police\n"))


def test_a_name_taken_by_another_code_is_refused(tmp_path, db):
    Agency.objects.create(agency_code="IMC", name="Isle of Man Constabulary")
    with pytest.raises(CommandError, match="already belongs to agency IMC"):
        call_command(
            "agencies", "load", _write(tmp_path, "code,name\nPOL,Isle of Man Constabulary\n")
        )


def test_missing_and_binary_files_get_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="no such file"):
        call_command("agencies", "load", str(tmp_path / "missing.csv"))
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00garbage")
    with pytest.raises(CommandError, match="not a CSV text file"):
        call_command("agencies", "load", str(binary))


def test_windows_encoded_files_are_read(tmp_path, db):
    call_command(
        "agencies", "load", _write(tmp_path, "code,name\nVOL,Café Support\n", encoding="cp1252")
    )
    assert Agency.objects.get(agency_code="VOL").name == "Café Support"
