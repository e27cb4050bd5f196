"""The local list the harness keeps as a charge point: what a correct charge point answers."""

from conformance.roles.local_list import SEND_MAX_LENGTH, HarnessLocalList


def entries(*tags, status="Accepted"):
    return [{"idTag": t, **({"idTagInfo": {"status": status}} if status else {})} for t in tags]


def test_full_then_differential_updates_and_versions():
    local = HarnessLocalList()
    assert local.reported_version() == 0
    assert local.update({"listVersion": 3, "updateType": "Full", "localAuthorizationList": entries("A")}) == "Accepted"
    assert local.reported_version() == 3
    assert local.update({"listVersion": 4, "updateType": "Differential",
                         "localAuthorizationList": entries("B")}) == "Accepted"
    assert set(local.entries) == {"A", "B"}
    assert local.update({"listVersion": 5, "updateType": "Differential",
                         "localAuthorizationList": entries("A", status=None)}) == "Accepted"
    assert set(local.entries) == {"B"} and local.reported_version() == 5


def test_an_old_differential_version_is_a_mismatch_and_changes_nothing():
    local = HarnessLocalList()
    local.update({"listVersion": 5, "updateType": "Full", "localAuthorizationList": entries("A")})
    for version in (4, 5):
        assert local.update({"listVersion": version, "updateType": "Differential",
                             "localAuthorizationList": entries("B")}) == "VersionMismatch"
    assert set(local.entries) == {"A"} and local.version == 5


def test_an_empty_full_list_reports_zero():
    local = HarnessLocalList()
    assert local.update({"listVersion": 1, "updateType": "Full"}) == "Accepted"
    assert local.reported_version() == 0


def test_what_a_charge_point_cannot_store_fails():
    local = HarnessLocalList()
    assert local.update({"listVersion": 1, "updateType": "Full", "localAuthorizationList": entries("A", "A")}) == "Failed"
    assert local.update({"listVersion": 1, "updateType": "Full",
                         "localAuthorizationList": entries("A", status=None)}) == "Failed"
    too_many = entries(*(f"T{i}" for i in range(SEND_MAX_LENGTH + 1)))
    assert local.update({"listVersion": 1, "updateType": "Full", "localAuthorizationList": too_many}) == "Failed"
    assert local.update({"listVersion": "1", "updateType": "Full"}) == "Failed"
    assert local.update({"listVersion": 1, "updateType": "Full", "localAuthorizationList": ["A"]}) == "Failed"
    assert local.version == 0 and not local.entries
