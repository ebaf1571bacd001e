"""The review-effort benchmark counts the edits a clerk would make, kind by kind."""

from bench.review_effort import count_effort


def review(lead: str, decision: str, deadline: str | None = "2026-06-30") -> dict:
    task = {
        "include": True,
        "text": "(一)开展校舍安全排查,6月底前完成。(责任单位:县教育局)",
        "lead_unit": lead,
        "deadlines": [{"text": "6月底前", "date": deadline, "start": None}],
    }
    stray = {**task, "text": "本通知自印发之日起施行。", "lead_unit": None}
    names = [{"name": lead, "decision": decision, "unit_name": None}] if decision else []
    document = {"key": "d0", "include": True, "status": "new", "tasks": [task, stray], "candidates": []}
    return {"documents": [document], "names": names}


GOLD = [
    {
        "snippet": "开展校舍安全排查",
        "lead_units": ["县教育局"],
        "units": ["县教育局"],
        "deadlines": [{"text": "6月底前", "date": "2026-06-30", "start": None}],
    },
    {"snippet": "做好校车管理", "lead_units": ["县教育局"], "units": ["县教育局"], "deadlines": []},
]


def test_a_correct_row_costs_nothing_and_the_stray_and_missing_rows_are_counted(db):
    effort = count_effort(review("县教育局", "create"), GOLD, "临水县", "x.txt")
    assert effort.edits == {
        "names": 0,
        "add_candidate": 0,
        "add_missing": 2,
        "exclude": 1,
        "lead": 0,
        "deadline": 0,
    }


def test_a_gold_unit_dropped_by_the_panel_costs_a_name_edit_and_the_rows_lead(db):
    effort = count_effort(review("县教育局", "drop", deadline=None), GOLD, "临水县", "x.txt")
    assert (effort.edits["names"], effort.edits["lead"], effort.edits["deadline"]) == (1, 1, 1)


def test_a_refused_import_costs_every_gold_task_with_its_fields(db):
    assert count_effort(None, GOLD, "", "x.txt").total == 3 + 2


def test_the_same_lead_fix_on_many_rows_of_a_document_is_one_bulk_edit(db):
    rows = review("县教育局", "create")
    first = rows["documents"][0]["tasks"][0]
    second = {**first, "text": "(二)做好校车管理工作。(责任单位:县教育局)"}
    rows["documents"][0]["tasks"] = [{**first, "lead_unit": "县公安局"}, {**second, "lead_unit": "县公安局"}]
    effort = count_effort(rows, GOLD, "临水县", "x.txt")
    assert effort.edits["lead"] == 2
    assert effort.total_bulk == effort.total - 1
