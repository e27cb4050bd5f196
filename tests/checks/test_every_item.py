"""every_item: the plan's "all entries have ..." on a list the SUT sent."""

from conformance.checks.matchers import every_item, mismatches, present


def test_every_item_needs_each_entry_to_hold_the_fields():
    matcher = every_item(idTagInfo=present())
    assert matcher.test([{"idTag": "A", "idTagInfo": {"status": "Accepted"}}])
    assert not matcher.test([{"idTag": "A", "idTagInfo": {}}, {"idTag": "B"}])
    assert not matcher.test(["A"])


def test_every_item_needs_a_non_empty_list():
    matcher = every_item(idTagInfo=present())
    assert not matcher.test([]) and not matcher.test(None) and not matcher.test({"idTagInfo": {}})
    assert repr(matcher) == "a non-empty list whose every item has idTagInfo=present"


def test_a_missing_list_is_named():
    assert mismatches({}, {"localAuthorizationList": every_item(idTagInfo=present())}) == [
        "localAuthorizationList is missing (expected a non-empty list whose every item has idTagInfo=present)"]
