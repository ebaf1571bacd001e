"""A savepoint belongs to the transaction around it on every backend, so a rollback undoes it too."""

from tracker.models import OutboxMail, Unit


def test_rows_written_in_a_savepoint_are_rolled_back_with_their_transaction(db):
    with db.session.begin_nested():
        db.session.add(
            OutboxMail(kind="digest", recipient="a@example.cn", subject="s", body_text="t", dedupe_key="k1")
        )
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMail)) == 0


def test_a_savepoint_before_any_other_write_does_not_commit_on_its_own(db):
    with db.session.begin_nested():
        db.session.add(Unit(name="县水利局", county="交城县"))
    db.session.add(Unit(name="县统计局", county="交城县"))
    db.session.flush()
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Unit)) == 0
