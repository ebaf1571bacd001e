"""Confirming an import twice, at once or from two uploads of one gazette, writes it once and never answers 500.

The simultaneous requests run in threads, each with its own app context and
so its own database connection, as gunicorn workers would; on PostgreSQL as
well as on SQLite.
"""

import threading

import pytest

from tests.forms import form_fields
from tests.web.test_imports import SAMPLE, count, submit_review, upload
from tracker.models import Document, ImportBatch, WorkItem

#: A gazette whose only document has no 文号, so nothing but the import itself can tell copies apart.
WITHOUT_NUMBER = """# 交城县人民政府公报

2025年第2期

关于做好春季植树工作的通知

各乡（镇）人民政府，县直各有关单位：

为做好今年春季植树工作，现就有关事项通知如下：

一、完成县城绿化提质工程，6月底前完成。（责任单位：县林业局）

二、推进乡村道路绿化，9月底前完成。（责任单位：县交通运输局）

交城县人民政府办公室

2025年3月1日
"""


def signed_in_copies(app, user, n):
    """``n`` clients signed in as ``user`` (several tabs, or colleagues sharing an account)."""
    clients = []
    for _ in range(n):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        clients.append(client)
    return clients


def post_at_once(requests):
    """Run ``(client, url, form)`` POSTs in threads released together; return responses (or exceptions)."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(index, client, url, form):
        barrier.wait()
        try:
            results[index] = client.post(url, data=form)
        except Exception as error:  # the test app propagates what production would answer with a 500
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def confirm_form(client, batch_url):
    fields = form_fields(client.get(batch_url).get_data(as_text=True), "review")
    fields["action"] = "confirm"
    return fields


def flash_after(client, response) -> str:
    return client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.fixture
def office(client_as):
    return client_as("supervisor")


def test_four_simultaneous_confirms_of_one_review_write_it_once(app, office, db):
    batch_url = upload(office, WITHOUT_NUMBER.encode(), "spring.txt").headers["Location"]
    clients = signed_in_copies(app, office.user, 4)

    responses = post_at_once([(client, batch_url, confirm_form(client, batch_url)) for client in clients])

    assert [getattr(r, "status_code", r) for r in responses] == [302] * 4
    assert (count(db, Document), count(db, WorkItem)) == (1, 2)
    pages = [flash_after(client, response) for client, response in zip(clients, responses, strict=True)]
    assert sum("导入完成：新建文件 1 份" in page for page in pages) == 1
    assert sum("已由他人确认或放弃" in page for page in pages) == 3
    assert db.session.scalars(db.select(ImportBatch)).one().state == "confirmed"


def test_two_uploads_of_one_gazette_confirmed_at_once_write_it_once(app, office, db):
    first = upload(office, WITHOUT_NUMBER.encode(), "spring.txt").headers["Location"]
    second = upload(office, (WITHOUT_NUMBER + "\n\n").encode(), "spring-again.txt").headers["Location"]
    assert first != second
    clients = signed_in_copies(app, office.user, 2)

    responses = post_at_once(
        [
            (client, url, confirm_form(client, url))
            for client, url in zip(clients, (first, second), strict=True)
        ]
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    assert (count(db, Document), count(db, WorkItem)) == (1, 2)
    assert db.session.scalars(db.select(ImportBatch.state)).all() == ["confirmed", "confirmed"]


def test_a_second_upload_differing_in_blank_lines_finds_the_first_confirmed(office, db):
    """Both reviews were built before either was confirmed, so both said "new"."""
    first = upload(office, WITHOUT_NUMBER.encode(), "spring.txt").headers["Location"]
    second = upload(office, (WITHOUT_NUMBER + "\n\n").encode(), "spring-again.txt").headers["Location"]
    submit_review(office, first)
    response = submit_review(office, second)
    assert response.status_code == 302
    assert (count(db, Document), count(db, WorkItem)) == (1, 2)
    assert "已存在、未重复导入：关于做好春季植树工作的通知" in flash_after(office, response)


def test_a_second_upload_of_a_numbered_gazette_is_no_error_and_not_left_pending(office, db):
    data = SAMPLE.read_bytes()
    first = upload(office, data, SAMPLE.name).headers["Location"]
    second = upload(office, data + b"\n\n", "again.txt").headers["Location"]
    submit_review(office, first)
    documents, items = count(db, Document), count(db, WorkItem)
    response = submit_review(office, second)
    assert response.status_code == 302
    assert (count(db, Document), count(db, WorkItem)) == (documents, items)
    assert db.session.scalars(db.select(ImportBatch.state)).all() == ["confirmed", "confirmed"]
