"""schemathesis against the app (WSGI, no network): no server errors, every response as documented."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ledger_fixtures import NOW
from tracker import clock
from tracker.services.access_tokens import issue_token

#: Examples per operation and user: enough to reach every parameter, few enough to stay at a few seconds.
EXAMPLES = 12


@pytest.fixture
def schema(app, sample_ledger):
    """The API description as served by the app, with the sample ledger in the database."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize(("role", "unit"), [("supervisor", None), ("unit_staff", "roads")])
def test_api_conforms_to_its_openapi_document(db, sample_ledger, schema, make_user, role, unit):
    user = make_user(role=role, unit=getattr(sample_ledger, unit) if unit else None)
    headers = {"Authorization": f"Bearer {issue_token('api', user, NOW, user=user)}"}
    db.session.commit()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6

    # Generated ids would nearly all be unknown (404): draw them from the sample ledger's items and one that is not.
    item_ids = st.sampled_from(
        [item.id for item in (sample_ledger.overdue, sample_ledger.ongoing, sample_ledger.done)] + [999_999]
    )

    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(case=operation.as_strategy(), item_id=item_ids)
        def check(case, item_id):
            if "item_id" in (case.path_parameters or {}):
                case.path_parameters["item_id"] = item_id
            with clock.freeze(NOW):
                case.call_and_validate(headers=headers)

        check()
