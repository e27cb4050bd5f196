"""What the reference central system keeps of its charge points' local authorization lists
(OCPP 1.6 §5.10, §5.15), and what it does with their answers.

It notes the version a charge point reports or accepted; after a Differential update refused
with VersionMismatch or Failed it sends its full list instead, with a version above the one it
knows (§5.15: the central system SHOULD). A charge point without a list (-1, NotSupported) is
noted as such and sent nothing more.
"""

from __future__ import annotations

from typing import Any

from .faults import Fault


class LocalLists:
    def __init__(self, valid_id_tags: tuple[str, ...]):
        self.valid_id_tags = valid_id_tags
        self.versions: dict[str, int] = {}   # charge point -> version it reported or accepted (-1: no list)

    def full_list(self, version: int) -> dict[str, Any]:
        return {"listVersion": version, "updateType": "Full",
                "localAuthorizationList": [{"idTag": tag, "idTagInfo": {"status": "Accepted"}}
                                           for tag in self.valid_id_tags]}

    def answered(self, charge_point_id: str, action: str, sent: dict[str, Any], answer: Any) -> dict[str, Any] | None:
        """Note the answer; the SendLocalList to send next, if any."""
        if not isinstance(answer, dict):
            return None
        if action == "GetLocalListVersion" and isinstance(answer.get("listVersion"), int):
            self.versions[charge_point_id] = answer["listVersion"]
        elif action == "SendLocalList":
            status = answer.get("status")
            if status == "Accepted":
                self.versions[charge_point_id] = sent.get("listVersion", 0)
            elif status == "NotSupported":
                self.versions[charge_point_id] = -1
            elif status in ("VersionMismatch", "Failed") and sent.get("updateType") == "Differential":
                known = max(self.versions.get(charge_point_id, 0), sent.get("listVersion", 0))
                return self.full_list(known + 1)
        return None

    @staticmethod
    def unwelcome(action: str, answer: Any, faults: Any) -> bool:
        """local_list_answer_drops_connection: an answer that tells of no list, an empty one or a
        refusal makes it close the connection."""
        if not faults.active(Fault.LOCAL_LIST_ANSWER_DROPS_CONNECTION) or not isinstance(answer, dict):
            return False
        return (action == "GetLocalListVersion" and answer.get("listVersion") in (-1, 0)) or \
            (action == "SendLocalList" and answer.get("status") in ("NotSupported", "Failed"))
