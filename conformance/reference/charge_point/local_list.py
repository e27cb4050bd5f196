"""The local authorization list (OCPP 1.6 §3.5.3, §5.10, §5.15): GetLocalListVersion, SendLocalList
with their length limits (LocalAuthListMaxLength, SendLocalListMaxLength, §9.3), and a listed
idTag's idTagInfo, which takes precedence over the authorization cache while LocalAuthListEnabled
is true. With the mode no_local_auth_list the charge point lacks the profile.

state/authorization.py holds the list itself (it survives a reboot)."""

from __future__ import annotations

import asyncio
from typing import Any

from conformance.reference.peer import CallErrorReply

from .faults import Fault, Mode
from .settings import log

LOCAL_AUTH_LIST_MAX_LENGTH = 8
SEND_LOCAL_LIST_MAX_LENGTH = 4


class LocalListMixin:
    """What self.auth.local_list holds, how the central system changes it, and what it authorizes."""

    _local_list_failing = False   # set_local_list_failure: storing a list fails until cleared
    _local_list_went_unanswered = False   # first_send_local_list_unanswered: the first one was dropped

    def _has_local_list(self) -> bool:
        return not self.modes.active(Mode.NO_LOCAL_AUTH_LIST)

    def _not_supported(self, action: str) -> None:
        if self.modes.active(Mode.LOCAL_LIST_CALLERROR):
            raise CallErrorReply("NotSupported", f"{action} is not supported: no local authorization list")

    def _local_list_in_use(self) -> bool:
        return self._has_local_list() and self.config.enabled("LocalAuthListEnabled") \
            and not self.faults.active(Fault.LOCAL_LIST_IGNORED)

    def _listed(self, id_tag: str) -> dict | None:
        """The idTagInfo the local list holds for the idTag while the list is in use, else None."""
        return self.auth.local_list.lookup(id_tag) if self._local_list_in_use() else None

    def _listed_accepted(self, id_tag: str) -> dict | None:
        return self.auth.local_list.accepted(id_tag) if self._local_list_in_use() else None

    async def set_local_list_failure(self, failing: bool = True) -> None:
        """The operator makes storing a local list fail (full storage, say), or work again."""
        if not isinstance(failing, bool):
            raise TypeError(f"failing must be true or false, not {failing!r}")
        self._local_list_failing = failing

    def _handle_get_local_list_version(self, payload: dict) -> dict:
        if not self._has_local_list():
            self._not_supported("GetLocalListVersion")
            return {"listVersion": 0 if self.faults.active(Fault.LOCAL_LIST_VERSION_INSTEAD_OF_MINUS_ONE) else -1}
        if not self.config.enabled("LocalAuthListEnabled"):
            return {"listVersion": self.auth.local_list.reported_version()
                    if self.faults.active(Fault.LOCAL_LIST_VERSION_INSTEAD_OF_MINUS_ONE) else -1}
        local_list = self.auth.local_list
        if self.faults.active(Fault.EMPTY_LIST_REPORTS_ITS_VERSION):
            return {"listVersion": local_list.version}
        return {"listVersion": local_list.reported_version()}

    def _handle_send_local_list(self, payload: dict) -> Any:
        if self.faults.active(Fault.FIRST_SEND_LOCAL_LIST_UNANSWERED) and not self._local_list_went_unanswered:
            self._local_list_went_unanswered = True
            return asyncio.Event().wait()   # awaited by the peer: an answer that never comes
        if not self._has_local_list():
            self._not_supported("SendLocalList")
            return {"status": "Accepted" if self.faults.active(Fault.LOCAL_LIST_ACCEPTED_WITHOUT_PROFILE)
                    else "NotSupported"}
        update_type, version = payload["updateType"], payload["listVersion"]
        items = payload.get("localAuthorizationList") or []
        local_list = self.auth.local_list
        if self._local_list_failing and not self.faults.active(Fault.LOCAL_LIST_FAILURE_IGNORED):
            return {"status": "Failed"}
        if update_type == "Differential" and self.faults.active(Fault.DIFFERENTIAL_LIST_FAILS):
            return {"status": "Failed"}
        if update_type == "Differential" and version <= local_list.version \
                and not self.faults.active(Fault.DIFFERENTIAL_IGNORES_VERSION):
            return {"status": "VersionMismatch"}
        if len(items) > self.config.number("SendLocalListMaxLength"):
            return {"status": "Failed"}
        entries = local_list.updated(update_type, version, items)
        if entries is None or len(entries) > self.config.number("LocalAuthListMaxLength"):
            return {"status": "Failed"}
        local_list.replace(version, entries)
        log.info("%s: local list version %d (%s update), %d idTag(s)", self.settings.charge_point_id, version,
                 update_type, len(entries))
        return {"status": "Accepted"}
