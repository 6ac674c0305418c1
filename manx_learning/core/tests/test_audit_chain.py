import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from manx_learning.core.models import AppendOnlyError, AuditEvent
from manx_learning.core.services import audit_chain_verify, audit_log


@pytest.fixture
def three_events(business_unit_officer):
    return [
        audit_log(actor=business_unit_officer, verb="thing.created", detail={"n": n})
        for n in range(3)
    ]


def test_each_event_is_chained_to_the_one_before(three_events):
    first, second, third = three_events
    assert first.prev_hash == "0" * 64
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert [e.sequence for e in three_events] == [1, 2, 3]


def test_an_untouched_chain_verifies(three_events, capsys):
    assert audit_chain_verify() == (3, None)
    call_command("audit", "verify")
    assert "3 event(s), intact" in capsys.readouterr().out


def test_it_detects_a_row_changed_behind_its_back_and_names_it(three_events):
    # Tamper the way a database administrator could: straight SQL, past the model's guard.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET verb = %s WHERE sequence = 2", ["thing.hidden"]
        )
    checked, broken = audit_chain_verify()
    assert checked == 1
    assert broken.sequence == 2
    assert "changed" in broken.reason
    with pytest.raises(CommandError, match=r"broken at event #2"):
        call_command("audit", "verify")


def test_it_detects_a_deleted_row(three_events):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence = 2")
    _, broken = audit_chain_verify()
    assert broken.sequence == 3
    assert "missing" in broken.reason


def test_it_detects_the_newest_rows_being_removed(three_events):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence = 3")
    _, broken = audit_chain_verify()
    assert broken is not None
    assert "removed" in broken.reason


def test_it_detects_a_changed_detail(three_events):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET detail = %s WHERE sequence = 1", ['{"n": 9}']
        )
    _, broken = audit_chain_verify()
    assert broken.sequence == 1


def test_the_model_refuses_to_change_or_delete_an_event(three_events):
    event = AuditEvent.objects.get(sequence=1)
    event.verb = "other"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(sequence=1).update(verb="other")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_it_records_who_what_which_and_from_where(client, business_unit_officer):
    client.force_login(business_unit_officer)
    client.get("/audit-trail/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(verb="audit.viewed")
    assert event.actor == business_unit_officer
    assert event.actor_label == business_unit_officer.email
    assert event.ip_address == "10.1.2.3"
    assert event.occurred_at is not None
