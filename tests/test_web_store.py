"""The workspace database and its command line: migrations, users, and the pipeline stand-in."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from leder_assist.cli import app
from leder_assist.store import Store, make_engine, migrate, schema_version

runner = CliRunner()


def test_migrations_run_once_and_are_recorded(tmp_path):
    engine = make_engine(None, tmp_path)
    assert migrate(engine) == 2
    assert migrate(engine) == 2
    with engine.connect() as conn:
        assert [r[0] for r in conn.execute(select(schema_version.c.version).order_by(schema_version.c.version))] == [1, 2]
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        triggers = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert triggers == {"audit_no_update", "audit_no_delete"}


@pytest.mark.parametrize("args,stdin,code,role", [
    (["ada", "--role", "admin", "--team", "north"], "a long password\n", 0, "admin"),
    (["sam", "--role", "reviewer"], "a long password\n", 0, "reviewer"),
    (["sam", "--role", "boss"], "a long password\n", 1, None),
    (["sam", "--role", "reviewer"], "short\n", 1, None),
    (["bad name", "--role", "reviewer"], "a long password\n", 1, None),
])
def test_users_add(tmp_path, args, stdin, code, role):
    result = runner.invoke(app, ["users", "add", *args, "--data-dir", str(tmp_path), "--password-stdin"], input=stdin)
    assert result.exit_code == code, result.output
    store = Store(make_engine(None, tmp_path))
    if code == 0:
        user = store.user_by_name(args[0])
        assert (user["role"], user["pw_hash"][:10]) == (role, "$argon2id$")
        assert "a long password" not in result.output
    else:
        migrate(store.engine)
        assert store.list_users() == []


def test_users_add_refuses_a_duplicate(tmp_path):
    cmd = ["users", "add", "ada", "--role", "admin", "--data-dir", str(tmp_path), "--password-stdin"]
    assert runner.invoke(app, cmd, input="a long password\n").exit_code == 0
    again = runner.invoke(app, cmd, input="another password\n")
    assert again.exit_code == 1 and "already exists" in again.output


def test_run_review_contract_the_web_job_relies_on(tmp_path, settings):
    """What the background job uses, true of the stand-in and of the full pipeline alike."""
    from leder_assist.pipeline import run_review

    from .conftest import SAMPLES

    stages = []
    result = run_review(SAMPLES / "cases" / "case-03-will-rose", tmp_path, settings,
                        on_stage=lambda name, done: stages.append((name, done)))
    fractions = [done for _name, done in stages]
    assert len(stages) >= 3 and fractions == sorted(fractions) and (fractions[0], fractions[-1]) == (0.0, 1.0)
    assert [d.doc_id for d in result.review.documents] == [d.doc_id for d in result.case.documents]
    assert result.review.redactions == result.redaction.redactions and result.review.redactions
    assert result.paths["review"].exists() and (tmp_path / "redactions.json").exists()


def test_theme_corpus_labels_reviewed_quotes():
    import yaml

    from leder_assist.record import CaseReview, Evidence, Theme
    from leder_assist.web.exports import theme_corpus

    def theme(code, status, *quotes, source=""):
        return Theme(code=code, label=code, score=0.5, status=status,
                     evidence=[Evidence(doc_id="D01", page=1, quote=q, source=source) for q in quotes])

    review = CaseReview(case_id="X", themes=[
        theme("SEPSIS", "accepted", "treated for sepsis"),
        theme("CONSTIPATION", "rejected", "bowels open daily", "treated for sepsis"),
        theme("EPILEPSY", "proposed", "had a seizure"),  # not reviewed: left out
        theme("DYSPHAGIA", "accepted", "needs soft food", source="reviewer"),  # added by hand: left out
    ])
    assert yaml.safe_load(theme_corpus([review])) == {"items": [
        {"t": "bowels open daily", "y": []}, {"t": "treated for sepsis", "y": ["SEPSIS"]}]}


@pytest.mark.parametrize("cmd", [
    ["serve", "--db-url", "postgresql+nodriver://leder:secret-pw@127.0.0.1/x"],
    ["users", "add", "ada", "--role", "admin", "--password-stdin", "--db-url", "nonsense://leder:secret-pw@h/x"],
])
def test_bad_database_url_is_one_clear_line_without_the_password(cmd):
    result = runner.invoke(app, cmd, input="a long password\n")
    assert result.exit_code == 1
    assert "cannot open the workspace database" in result.output
    assert "secret-pw" not in result.output
