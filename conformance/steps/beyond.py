"""Steps the checks beyond the plan share (testcases/beyond)."""

from __future__ import annotations

from typing import Any

from ..checks import rules
from ..checks.failures import PayloadMismatch

# A key no charge point has: CiString50, and named so that nobody mistakes it for a real one.
UNKNOWN_KEY = "OcppConformanceKeyNoChargePointHas"

# Read-only keys of OCPP 1.6 §9.1 whose own value is safe to write back, in order of preference.
READ_ONLY_CORE_KEYS = ("GetConfigurationMaxKeys", "NumberOfConnectors", "SupportedFeatureProfiles",
                       "MeterValuesSampledDataMaxLength", "ConnectorPhaseRotationMaxLength")


def read_only_key(step: int | str, conf: dict[str, Any]) -> tuple[str, str]:
    """A key the charge point reports read-only, with its value: a Core one if it reports one."""
    read_only = {item["key"]: item.get("value", "") for item in conf.get("configurationKey") or []
                 if isinstance(item, dict) and item.get("readonly") is True and isinstance(item.get("key"), str)}
    for key in (*READ_ONLY_CORE_KEYS, *sorted(read_only)):
        if key in read_only:
            return key, read_only[key] or ""
    raise PayloadMismatch("GetConfiguration.conf reports no key read-only, not even GetConfigurationMaxKeys, "
                          "NumberOfConnectors or SupportedFeatureProfiles (read-only in OCPP 1.6 §9.1)",
                          step=step, rule=rules.READ_ONLY_KEY_REJECTED)


def check_stop_id_tag_status(charge_point: Any, step: int | str, conf: dict[str, Any], tag: str, status: str) -> None:
    """The StopTransaction.conf for `tag` gives its `status`; without idTagInfo at all, a warning only
    (the field is optional, though meant for every stop that carries an idTag)."""
    if "idTagInfo" not in conf:
        charge_point.warn(rules.STOP_ID_TAG_INFO_GIVEN,
                          f"step {step}: StopTransaction.conf for the idTag {tag} carries no idTagInfo; its status "
                          f"is {status}")
        return
    charge_point.check(step, f"StopTransaction.conf for the {status.lower()} idTag {tag}", conf,
                       idTagInfo={"status": status}, rule=rules.STOP_ID_TAG_STATUS)
