"""Importing gazettes through the web review flow, as the supervision office does."""

import io
from pathlib import Path

import pytest

from tests.conftest import csrf_token_from
from tests.forms import form_fields
from tracker.extraction import extract
from tracker.models import Document, ImportBatch, Milestone, Unit, WorkItem

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "jiaocheng-gazette-2025-01.txt"


def upload(client, data: bytes, filename: str):
    token = csrf_token_from(client.get("/imports/new").get_data(as_text=True))
    return client.post(
        "/imports/new",
        data={"gazette": (io.BytesIO(data), filename), "csrf_token": token},
        content_type="multipart/form-data",
    )


def submit_review(client, batch_url: str, action: str = "confirm", **changes):
    fields = form_fields(client.get(batch_url).get_data(as_text=True), "review")
    assert fields, "no review form on the page"
    fields.update(changes)
    for name in [name for name, value in changes.items() if value is None]:
        del fields[name]
    fields["action"] = action
    return client.post(batch_url, data=fields)


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def office(client_as):
    return client_as("supervisor")


@pytest.mark.skipif(not SEED_FILES, reason="../shared/seeds is not present")
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_each_seed_imports_end_to_end_with_the_extractors_counts(office, db, seed):
    data = seed.read_bytes()
    expected = extract(data, seed.name)
    documents_with_tasks = [d for d in expected.documents if d.tasks]

    response = upload(office, data, seed.name)
    assert response.status_code == 302
    batch_url = response.headers["Location"]
    review_page = office.get(batch_url).get_data(as_text=True)
    assert documents_with_tasks[0].title in review_page

    confirmed = submit_review(office, batch_url)
    assert confirmed.status_code == 302
    assert count(db, Document) == len(documents_with_tasks)
    assert count(db, WorkItem) == sum(len(d.tasks) for d in documents_with_tasks)
    dated = sum(1 for d in documents_with_tasks for t in d.tasks for dl in t.deadlines if dl["date"])
    assert db.session.scalar(db.select(db.func.count()).where(Milestone.due_on.is_not(None))) == dated
    assert "导入完成" in office.get(batch_url).get_data(as_text=True)


def test_reimporting_the_same_file_creates_nothing(office, db):
    data = SAMPLE.read_bytes()
    submit_review(office, upload(office, data, SAMPLE.name).headers["Location"])
    items = count(db, WorkItem)

    again = upload(office, data, "renamed-copy.txt")
    assert again.status_code == 200
    assert "该文件已于" in again.get_data(as_text=True)
    assert count(db, WorkItem) == items
    assert count(db, ImportBatch) == 1


def test_same_document_inside_another_gazette_is_recognised(office, db):
    data = SAMPLE.read_bytes()
    submit_review(office, upload(office, data, SAMPLE.name).headers["Location"])
    items, documents = count(db, WorkItem), count(db, Document)

    other_printing = "交城县人民政府公报 重印本\n\n".encode() + data
    batch_url = upload(office, other_printing, "reprint.txt").headers["Location"]
    page = office.get(batch_url).get_data(as_text=True)
    assert "已存在，内容相同，不再导入" in page
    submit_review(office, batch_url)
    assert (count(db, WorkItem), count(db, Document)) == (items, documents)


def test_revised_document_keeps_status_adds_new_items_and_flags_vanished_ones(office, db):
    text = SAMPLE.read_text(encoding="utf-8")
    submit_review(office, upload(office, text.encode(), SAMPLE.name).headers["Location"])
    first = db.session.scalars(db.select(Document).order_by(Document.id)).first()
    items = sorted(first.items, key=lambda item: item.position)
    kept, dropped = items[0], items[1]
    kept.status = "in_progress"
    kept.progress_percent = 60
    db.session.commit()

    dropped_text = dropped.source_text.split("\n")[0]
    assert dropped_text in text
    revised = text.replace(dropped_text, dropped_text.replace(dropped_text[:6], "新增加的工作任务", 1), 1)
    batch_url = upload(office, revised.encode(), "revised.txt").headers["Location"]
    assert "将作为新版本导入" in office.get(batch_url).get_data(as_text=True)
    submit_review(office, batch_url)

    db.session.expire_all()
    revision = db.session.scalars(
        db.select(Document).where(Document.number == first.number, Document.revision == 2)
    ).one()
    carried = db.session.get(WorkItem, kept.id)
    assert carried.document_id == revision.id
    assert (carried.status, carried.progress_percent) == ("in_progress", 60)
    assert db.session.get(WorkItem, dropped.id).is_vanished
    assert any(item.id not in {i.id for i in items} for item in revision.items)


def test_review_edits_are_applied_on_confirm(office, db):
    batch_url = upload(office, SAMPLE.read_bytes(), SAMPLE.name).headers["Location"]
    batch = db.session.get(ImportBatch, int(batch_url.rsplit("/", 1)[1]))
    first_doc = batch.review["documents"][0]
    t0, t1 = first_doc["tasks"][0]["key"], first_doc["tasks"][1]["key"]
    submit_review(
        office,
        batch_url,
        **{
            f"{t0}-title": "改过的标题",
            f"{t0}-lead": "县水利局",
            f"{t0}-newdl": "2025-06-30",
            f"{t1}-include": None,
        },
    )
    item = db.session.scalars(db.select(WorkItem).where(WorkItem.title == "改过的标题")).one()
    assert item.lead_unit.name == "县水利局"
    assert item.due_on.isoformat() <= "2025-06-30"
    assert any(m.phrase == "（人工录入）" for m in item.milestones)
    assert count(db, WorkItem) == sum(len(d["tasks"]) for d in batch.review["documents"]) - 1


def test_malformed_date_is_reported_and_nothing_changes(office, db):
    batch_url = upload(office, SAMPLE.read_bytes(), SAMPLE.name).headers["Location"]
    batch = db.session.get(ImportBatch, int(batch_url.rsplit("/", 1)[1]))
    key = batch.review["documents"][0]["tasks"][0]["key"]
    response = submit_review(office, batch_url, **{f"{key}-newdl": "2025-13-45", f"{key}-title": "不应保存"})
    assert response.status_code == 422
    assert "无法识别" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ImportBatch, batch.id).state == "pending"
    assert batch.review["documents"][0]["tasks"][0]["title"] != "不应保存"
    assert count(db, WorkItem) == 0


def test_unfinished_review_can_be_resumed(office, db):
    data = SAMPLE.read_bytes()
    batch_url = upload(office, data, SAMPLE.name).headers["Location"]
    batch = db.session.get(ImportBatch, int(batch_url.rsplit("/", 1)[1]))
    key = batch.review["documents"][0]["tasks"][0]["key"]
    submit_review(office, batch_url, action="save", **{f"{key}-title": "保存后继续"})
    assert count(db, WorkItem) == 0
    again = upload(office, data, SAMPLE.name)
    assert again.headers["Location"] == batch_url
    assert "保存后继续" in office.get(batch_url).get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.txt", "文件为空"),
        (b"   \n  ", "blank.txt", "文件为空"),
        (bytes(range(256)) * 40, "binary.txt", "无法读取"),
        (b"MZ\x90\x00" * 100, "tool.exe", "不支持的文件类型"),
        ("本通知自印发之日起施行。".encode(), "notice.txt", "未在文件中找到工作任务"),
        (b"%PDF-1.4 not really a pdf", "broken.pdf", "无法读取"),
    ],
    ids=["empty", "blank", "binary", "exe", "no-tasks", "broken-pdf"],
)
def test_bad_files_get_a_clear_message_and_write_nothing(office, db, data, filename, message):
    response = upload(office, data, filename)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(db, ImportBatch) == 0


def test_request_over_the_size_limit_is_refused_before_it_is_read(office, db):
    token = csrf_token_from(office.get("/imports/new").get_data(as_text=True))
    response = office.post(
        "/imports/new",
        data={"gazette": (io.BytesIO(b"x"), "huge.txt"), "csrf_token": token},
        content_type="multipart/form-data",
        environ_overrides={"CONTENT_LENGTH": str(21 * 1024 * 1024)},
    )
    assert response.status_code == 413
    assert count(db, ImportBatch) == 0


def test_gbk_gazette_is_read(office, db):
    response = upload(office, SAMPLE.read_text(encoding="utf-8").encode("gb18030"), "gbk.txt")
    assert response.status_code == 302


def test_a_failure_in_the_middle_rolls_everything_back(office, db, monkeypatch):
    from tracker.services import import_writer

    batch_url = upload(office, SAMPLE.read_bytes(), SAMPLE.name).headers["Location"]
    original = import_writer.ImportWriter._create_item
    calls = {"n": 0}

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 20:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(import_writer.ImportWriter, "_create_item", failing)
    with pytest.raises(
        RuntimeError, match="disk full"
    ):  # the test app propagates errors instead of a 500 page
        submit_review(office, batch_url)
    assert calls["n"] == 20
    db.session.expire_all()
    assert (count(db, Document), count(db, WorkItem), count(db, Unit)) == (0, 0, 0)
    assert db.session.scalars(db.select(ImportBatch)).one().state == "pending"


@pytest.mark.parametrize("role", ["viewer", "unit_staff"])
def test_only_the_office_may_import(client_as, make_unit, role):
    client = client_as(role, unit=make_unit() if role == "unit_staff" else None)
    assert client.get("/imports/new").status_code == 403
    assert client.get("/imports/").status_code == 403


def test_the_directory_teaches_extraction_its_unit_names(office, db, make_unit):
    make_unit(name="流水小城镇综合试点", county="交城县")
    db.session.commit()
    text = (
        "关于推进试点的通知\n各单位：\n一、重点任务\n（一）推进综合试点。（流水小城镇综合试点负责）\n"
        "（二）开展调查研究。\n交城县人民政府办公室\n2021年3月1日\n"
    )
    assert upload(office, text.encode(), "notice.txt").status_code == 302
    batch = db.session.scalars(db.select(ImportBatch)).one()
    [document] = batch.review["documents"]
    [task] = document["tasks"]
    assert task["lead_unit"] == "流水小城镇综合试点"
    assert task["unit_sources"] == {"流水小城镇综合试点": "explicit"}
    assert task["confidence"] >= 0.9
    assert [(c["label"], c["include"]) for c in document["candidates"]] == [("（二）", False)]
