"""The sample gazette imported on first start follows the review's rules: no role word or fragment becomes a unit."""

import datetime as dt
from pathlib import Path

from tracker.models import Unit, WorkItemUnit
from tracker.services.imports import import_file
from tracker.services.unit_directory import read_units_file, seed_units
from tracker.services.unit_names import role_words

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "jiaocheng-gazette-2025-01.txt"


def test_first_start_sample_links_items_only_to_units_of_the_shipped_directory(db):
    seed_units()
    summary = import_file(SAMPLE.read_bytes(), SAMPLE.name, None, dt.datetime(2025, 4, 1, tzinfo=dt.UTC))
    db.session.commit()

    assert summary["units_created"] == []
    assert {"建设单位", "涉事企业", "牵头部门", "重点部门"} <= set(summary["names_dropped"])
    shipped = {row.name for row in read_units_file()}
    linked = set(db.session.scalars(db.select(Unit.name).join(WorkItemUnit).distinct()))
    assert linked <= shipped
    assert not set(db.session.scalars(db.select(Unit.name))) & role_words()
