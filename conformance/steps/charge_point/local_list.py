"""Steps shared by the Local Auth List Management cases (`_CS`): list entries, the list's version,
and the opening of TC_008_x_CS.

The memory state IdTagLocalAuthList is in reusable.py with the plan's other memory states.
"""

from __future__ import annotations

from typing import Any

from ...sut.profile import TestData
from .reusable import configuration_state


def entry(id_tag: str, status: str | None = "Accepted") -> dict[str, Any]:
    """A localAuthorizationList entry; without a status an entry of a differential update removes the idTag."""
    return {"idTag": id_tag, **({"idTagInfo": {"status": status}} if status else {})}


def above(conf: dict[str, Any]) -> int:
    """A version above the one a GetLocalListVersion.conf reports (-1, no list in use, counts as 0)."""
    version = conf.get("listVersion")
    return max(version, 0) + 1 if isinstance(version, int) and not isinstance(version, bool) else 1


async def valid_id_tag_listed(central_system: Any, data: TestData) -> None:
    """TC_008_x_CS before the session: the configuration states (LocalPreAuthorize, LocalAuthListEnabled
    and AuthorizeRemoteTxRequests true, AuthorizationCacheEnabled false if implemented) and steps 1
    to 4: GetLocalListVersion, then a Full update with a higher version holding the valid idTag
    as Accepted, answered Accepted."""
    await configuration_state(central_system, "LocalPreAuthorize", "true")
    await configuration_state(central_system, "AuthorizationCacheEnabled", "false", if_implemented=True)
    await configuration_state(central_system, "LocalAuthListEnabled", "true")
    await configuration_state(central_system, "AuthorizeRemoteTxRequests", "true")
    version = above(await central_system.send(1, "GetLocalListVersion"))
    conf = await central_system.send(3, "SendLocalList", listVersion=version, updateType="Full",
                                     localAuthorizationList=[entry(data.valid_id_tag)])
    central_system.check(4, "SendLocalList.conf", conf, status="Accepted")
