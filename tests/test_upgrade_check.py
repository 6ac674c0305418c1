"""scripts/upgrade-check: its comparison reports what an upgrade lost, and its snapshot reads
every table of the database. The full check (two trees, a fresh database) runs in .ci/run."""

from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest
from django.db import connection

from manx_learning.reviews.models import Theme

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "upgrade-check"


def _load():
    loader = SourceFileLoader("upgrade_check", str(SCRIPT))
    module = module_from_spec(spec_from_loader("upgrade_check", loader))
    loader.exec_module(module)
    return module


uc = _load()


def table(name: str, *keys: object) -> "uc.Table":
    return uc.Table(name, len(keys), frozenset(str(key) for key in keys))


def snap(*tables: "uc.Table") -> dict:
    return {t.name: t for t in tables}


def test_nothing_lost_is_ok_and_new_tables_and_rows_are_fine():
    before = snap(table("reviews_theme", 1, 2), table("django_migrations", 1))
    after = snap(
        table("reviews_theme", 1, 2, 3), table("django_migrations", 1, 2), table("new_one", 1)
    )
    report = uc.compare(before, after, renamed={}, exempt={})
    assert report.ok
    assert (report.tables_checked, report.rows_checked) == (2, 3)
    assert report.new_tables == ["new_one"]
    assert report.new_rows == 3
    assert "OK: every table and every row present at base is still there." in uc.render(
        report, "base", "head"
    )


def test_a_missing_primary_key_is_reported_with_samples():
    before = snap(table("reviews_theme", *range(1, 31)))
    after = snap(table("reviews_theme", *range(1, 31, 2), 99))
    report = uc.compare(before, after, renamed={}, exempt={}, samples=3)
    assert not report.ok
    [loss] = report.losses
    assert (loss.table, loss.lost, loss.of) == ("reviews_theme", 15, 30)
    assert loss.sample == ["2", "4", "6"]  # numeric order, not text order
    text = uc.render(report, "221e422", "head")
    assert "reviews_theme: 15 of 30 row(s) missing" in text
    assert "primary keys: 2, 4, 6 and 12 more" in text
    assert "FAILED: 15 row(s) lost in 1 table(s) upgrading from 221e422." in text


def test_a_dropped_table_is_reported_even_when_empty():
    before = snap(table("feedback_survey", 1, 2), table("feedback_empty"))
    report = uc.compare(before, {}, renamed={}, exempt={})
    assert [(loss.table, loss.lost, loss.note) for loss in report.losses] == [
        ("feedback_empty", 0, "table is gone"),
        ("feedback_survey", 2, "table is gone"),
    ]


def test_a_renamed_table_is_followed_only_when_the_mapping_says_so():
    before = snap(table("feedback_survey", 1, 2))
    after = snap(table("surveys_survey", 1))
    report = uc.compare(before, after, renamed={"feedback_survey": "surveys_survey"}, exempt={})
    assert report.renamed == {"feedback_survey": "surveys_survey"}
    assert report.new_tables == []
    [loss] = report.losses
    assert (loss.table, loss.sample) == ("feedback_survey -> surveys_survey", ["2"])

    unmapped = uc.compare(before, after, renamed={}, exempt={})
    assert [loss.note for loss in unmapped.losses] == ["table is gone"]
    assert unmapped.new_tables == ["surveys_survey"]

    wrong = uc.compare(before, after, renamed={"feedback_survey": "nowhere"}, exempt={})
    assert [loss.note for loss in wrong.losses] == ["renamed to nowhere, which does not exist"]


def test_exempt_tables_are_not_checked_and_tables_without_a_key_are_counted():
    before = snap(table("django_session", "a", "b"), uc.Table("no_key", 5, None))
    after = snap(uc.Table("no_key", 4, None))
    report = uc.compare(before, after, renamed={}, exempt={"django_session": "short-lived"})
    assert report.exempt == {"django_session": "short-lived"}
    [loss] = report.losses
    assert (loss.table, loss.lost, loss.note) == ("no_key", 1, "no primary key, rows counted only")


def test_the_defaults_exempt_only_sessions_and_rename_nothing():
    assert set(uc.EXEMPT_TABLES) == {"django_session"}
    assert uc.RENAMED_TABLES == {}
    assert len(uc.PREVIOUS_RELEASE) == 40


def test_an_unknown_base_commit_is_a_clear_error():
    with pytest.raises(uc.SetupError, match="is not in this repository"):
        uc.resolve_commit("0" * 40)


@pytest.mark.django_db
def test_the_snapshot_reads_every_table_with_its_primary_keys():
    theme = Theme.objects.create(name="Upgrade check theme")
    tables = uc.snapshot(connection)
    assert set(connection.introspection.table_names()) == set(tables)
    themes = tables[Theme._meta.db_table]
    assert str(theme.pk) in themes.keys
    assert themes.rows == Theme.objects.count()
