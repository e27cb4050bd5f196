"""The reference charge point's local list (OCPP 1.6 §3.5.3, §5.10, §5.15), against the stub central system."""

from __future__ import annotations

import pytest

from tests.reference.stub_central_system import MiniCentralSystem, booted, now, running

BOOT = {"status": "Accepted", "currentTime": now(), "interval": 300}


def entries(*tags, status="Accepted"):
    return [{"idTag": t, "idTagInfo": {"status": status}} for t in tags]


@pytest.mark.asyncio
async def test_length_limits_and_versions():
    async with MiniCentralSystem(BootNotification=BOOT) as cs, running(cs) as cp:
        await booted(cs)
        keys = {k["key"]: k for k in (await cs.call("GetConfiguration", {}))[2]["configurationKey"]}
        send_max, list_max = int(keys["SendLocalListMaxLength"]["value"]), int(keys["LocalAuthListMaxLength"]["value"])
        assert keys["LocalAuthListEnabled"]["readonly"] is False and keys["LocalAuthListMaxLength"]["readonly"]
        too_many = entries(*(f"T{i}" for i in range(send_max + 1)))
        answer = await cs.call("SendLocalList", {"listVersion": 1, "updateType": "Full", "localAuthorizationList": too_many})
        assert answer[2] == {"status": "Failed"}
        version = 1
        for start in range(0, list_max, send_max):   # filled to the maximum, one message at a time
            version += 1
            batch = entries(*(f"T{i}" for i in range(start, min(start + send_max, list_max))))
            answer = await cs.call("SendLocalList", {"listVersion": version, "updateType": "Differential",
                                                     "localAuthorizationList": batch})
            assert answer[2] == {"status": "Accepted"}
        answer = await cs.call("SendLocalList", {"listVersion": version + 1, "updateType": "Differential",
                                                 "localAuthorizationList": entries("ONE_TOO_MANY")})
        assert answer[2] == {"status": "Failed"}
        assert (await cs.call("GetLocalListVersion", {}))[2] == {"listVersion": version}
        assert len(cp.auth.local_list.entries) == list_max


@pytest.mark.asyncio
async def test_a_listed_id_tag_is_judged_by_the_list_not_the_cache():
    """LocalPreAuthorize: the list holds the idTag Blocked, the cache Accepted: Authorize goes online."""
    authorize = {"idTagInfo": {"status": "Accepted"}}
    async with MiniCentralSystem(BootNotification=BOOT, Authorize=authorize) as cs, running(cs) as cp:
        await booted(cs)
        for key in ("LocalPreAuthorize", "AuthorizationCacheEnabled"):
            assert (await cs.call("ChangeConfiguration", {"key": key, "value": "true"}))[2] == {"status": "Accepted"}
        cp.auth.cache.remember("TAG", {"status": "Accepted"})
        assert cp._pre_authorized("TAG") == {"status": "Accepted"}
        answer = await cs.call("SendLocalList", {"listVersion": 1, "updateType": "Full",
                                                 "localAuthorizationList": entries("TAG", status="Blocked")})
        assert answer[2] == {"status": "Accepted"}
        assert cp._pre_authorized("TAG") is None
        answer = await cs.call("SendLocalList", {"listVersion": 2, "updateType": "Full",
                                                 "localAuthorizationList": entries("TAG")})
        assert cp._pre_authorized("TAG") == {"status": "Accepted"}
        assert (await cs.call("ChangeConfiguration", {"key": "LocalAuthListEnabled", "value": "false"}))[2]["status"] \
            == "Accepted"
        assert (await cs.call("GetLocalListVersion", {}))[2] == {"listVersion": -1}


@pytest.mark.asyncio
async def test_without_the_profile():
    async with MiniCentralSystem(BootNotification=BOOT) as cs, running(cs, modes=frozenset({"no_local_auth_list"})):
        await booted(cs)
        assert (await cs.call("GetLocalListVersion", {}))[2] == {"listVersion": -1}
        answer = await cs.call("SendLocalList", {"listVersion": 1, "updateType": "Full"})
        assert answer[2] == {"status": "NotSupported"}
        keys = {k["key"]: k["value"] for k in (await cs.call("GetConfiguration", {}))[2]["configurationKey"]}
        assert "LocalAuthListEnabled" not in keys and "LocalAuthListManagement" not in keys["SupportedFeatureProfiles"]
