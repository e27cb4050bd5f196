"""What the reference charge point is given: its settings, fault switches and allowed modes.

FAULTS (name -> one line) are the deliberate misbehaviours a self-test turns on to show that a
case notices them; MODES are behaviours the specification allows besides the default one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("conformance.reference.charge_point")


FAULTS: dict[str, str] = {
    "local_time_timestamps": "every dateTime is sent with a +02:00 offset instead of UTC",
    "naive_timestamps": "every dateTime is sent without a zone designator",
    "no_status_after_boot": "no StatusNotification after an Accepted BootNotification",
    "no_connector_zero_status": "after boot, StatusNotification only for connectors 1..N, not 0",
    "heartbeat_before_boot": "a Heartbeat is sent on every connection that boots, before the BootNotification",
    "garbage_before_boot": "before each BootNotification on a new connection: a non-JSON frame, a Heartbeat CALL "
                           "with a 37-character message id and a CALLRESULT for no CALL",
    "ignore_boot_interval": "after Rejected/Pending, BootNotification is retried after 0.2 s whatever the interval",
    "heartbeat_ignores_interval": "Heartbeat is sent at 4x the accepted interval",
    "reject_config_while_pending": "while Pending, GetConfiguration/ChangeConfiguration get CALLERROR SecurityError",
    "reject_config_change": "ChangeConfiguration always answers Rejected",
    "no_authorize": "a presented idTag starts a transaction without Authorize",
    "no_preparing": "no StatusNotification Preparing when a cable is plugged in",
    "no_preparing_on_id_tag": "an idTag accepted before plug-in (identification first) gives no StatusNotification Preparing",
    "forget_authorization": "an idTag authorized before plug-in (Preparing shown) is forgotten at plug-in: "
                            "no StartTransaction",
    "start_with_other_id_tag": "StartTransaction carries a different idTag than the one authorized",
    "ignore_connection_timeout": "a connector left Preparing (cable or idTag, no transaction) stays so: "
                                 "ConnectionTimeOut never ends it",
    "early_connection_timeout": "ConnectionTimeOut ends a Preparing connector after half the configured time",
    "reject_remote_start": "RemoteStartTransaction is answered Rejected",
    "remote_start_without_authorize": "a remote start sends no Authorize even where AuthorizeRemoteTxRequests is true",
    "remote_start_on_busy_connector": "RemoteStartTransaction for a connector with a transaction is Accepted "
                                      "(and then ignored)",
    "remote_start_on_connector_zero": "RemoteStartTransaction for connectorId 0 is Accepted, on a free connector",
    "remote_stop_unknown_transaction": "RemoteStopTransaction for an unknown transactionId is Accepted "
                                       "(and stops the running transaction)",
    "stop_with_any_id_tag": "any idTag presented during a transaction stops it, not only the one that started it",
    "config_key_missing": "GetConfiguration never reports ResetRetries, a required Core key",
    "config_readonly_wrong": "GetConfiguration reports HeartbeatInterval read-only (it is read-write)",
    "config_drops_last_key": "GetConfiguration with several keys leaves the last requested key out",
    "config_change_not_applied": "ChangeConfiguration answers Accepted but keeps the old value",
    "unknown_key_rejected": "ChangeConfiguration of an unknown key is answered Rejected, not NotSupported",
    "accept_invalid_config_value": "ChangeConfiguration with an invalid value is answered Accepted (the value is not kept)",
    "data_transfer_accepted": "DataTransfer of an unknown vendorId is answered Accepted",
    "data_transfer_error": "DataTransfer is answered with CALLERROR NotSupported instead of a DataTransfer.conf",
    "reject_reset": "Reset is answered Rejected",
    "reset_forgets_availability": "a Reset forgets which connectors were made Inoperative",
    "reset_stop_reason_other": "a transaction stopped by a Reset reports reason Other, not HardReset or SoftReset",
    "reset_without_finishing": "a Reset stops the transaction without StatusNotification(Finishing) before the reboot",
    "unlock_fails": "UnlockConnector is answered UnlockFailed",
    "unlock_without_stop": "UnlockConnector during a transaction answers Unlocked but the transaction goes on",
    "fixed_cable_unlocks": "with a fixed cable, UnlockConnector is answered Unlocked instead of NotSupported",
    "unlock_ignores_lock_failure": "UnlockConnector answers Unlocked even when the connector's lock has failed",
    "unlock_unknown_connector_failed": "UnlockConnector for an unknown connectorId answers UnlockFailed, not NotSupported",
    "start_despite_lock_failure": "a cable plugged in halfway (the lock cannot close) is taken as plugged in: "
                                  "no fault, the transaction starts",
    "ev_disconnect_reason_local": "a transaction stopped by an EV-side disconnect reports reason Local, not EVDisconnected",
    "ev_disconnect_always_stops": "an EV-side disconnect stops the transaction even with StopTransactionOnEVSideDisconnect "
                                  "false",
    "parent_id_tag_ignored": "an idTag presented during a transaction is not checked for the transaction's parentIdTag: "
                             "only the starting idTag stops it",
    "sample_interval_doubled": "sampled meter values come every 2x MeterValueSampleInterval",
    "sampled_context_clock": "sampled (periodic) meter values carry context Sample.Clock",
    "clock_aligned_off_boundary": "clock-aligned meter values come half an interval after each boundary, "
                                  "timestamped when sent",
    "no_clock_aligned_data": "ClockAlignedDataInterval is stored but no clock-aligned meter values are sent",
    "start_despite_invalid": "an idTag answered other than Accepted in Authorize (local or remote start) starts a "
                             "transaction all the same",
    "cache_ignored": "the authorization cache is never used: a cached idTag is always authorized online",
    "clear_cache_keeps_entries": "ClearCache answers Accepted but the cache keeps its entries",
    "start_while_faulted": "a Faulted connector still takes a cable and an idTag and starts a transaction",
    "power_cycle_forgets_availability": "a power cycle forgets which connectors were made Inoperative",
    "offline_transaction_messages_lost": "transaction messages (StopTransaction, sampled MeterValues) made while "
                                         "offline are dropped, not queued",
    "no_offline_start": "offline, no idTag is authorized locally (LocalAuthorizeOffline, AllowOfflineTxForUnknownId "
                        "ignored): nothing starts",
    "offline_invalid_keeps_charging": "a transaction started offline whose idTag the central system then answers "
                                      "Invalid goes on charging",
    "backup_power_unused": "with backup power, a power cut still ends the transactions without StopTransaction "
                           "before going down",
    "no_power_loss_stop": "a transaction cut by a power failure is forgotten: no StopTransaction after the reboot",
    "reject_remote_stop": "RemoteStopTransaction is answered Rejected (the transaction goes on)",
    "remote_stop_reason_local": "a transaction stopped by RemoteStopTransaction reports reason Local, not Remote",
    "wrong_callerror_code": "CALLERRORs use 2.0.1 code spellings (FormatViolation, ...)",
    "reused_message_id": "every CALL uses the same message id",
    "basic_auth_unpadded": "the basic auth credentials are base64 without its = padding",
    "tls_any_server_certificate": "TLS: the central system's certificate is not checked against the root",
    "tls_missing_cipher_suite": "TLS: TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 is not offered",
    "tls_1_0_and_1_1": "TLS: versions 1.0 and 1.1 are offered too",
    "certificate_wrong_cn": "TLS: presents the test PKI's charge-point-wrong-cn.pem (subject CN not its identity)",
    "accept_security_profile_downgrade": "ChangeConfiguration SecurityProfile to a lower profile is Accepted",
    "keeps_old_authorization_key": "a new AuthorizationKey is Accepted, but it reconnects with the old one",
    "upgrade_without_certificate": "SecurityProfile 3 is Accepted, but it reconnects without its client certificate",
    "no_client_certificate": "TLS with security profile 3: connects without presenting its client certificate",
    "rejects_unusual_timestamps": "a ReserveNow expiryDate with fractional seconds or +00:00 is refused with "
                                  "PropertyConstraintViolation",
    "status_held_twice_as_long": "with MinimumStatusDuration N > 0, a status change is reported only after 2N s",
}


_PEER_FAULTS = frozenset({"wrong_callerror_code", "reused_message_id"})


# Behaviours the specification allows besides the default one; a test case must accept each.
MODES: dict[str, str] = {
    "sync_actions": "operator actions return only once every CALL they provoked is answered (at most call_timeout)",
    "already_booted": "Accepted before the run: no BootNotification on the first connection, just heartbeats",
    "preparing_before_authorize": "identification first: StatusNotification Preparing before Authorize, not after",
    "charging_before_start": "StatusNotification Charging before StartTransaction, not after",
    "finishing_before_stop": "StatusNotification Finishing before StopTransaction, not after",
    "remote_start_zero_callerror": "RemoteStartTransaction for connectorId 0 is answered with CALLERROR "
                                   "PropertyConstraintViolation, not Rejected",
    "invalid_value_callerror": "ChangeConfiguration with an invalid value gets CALLERROR PropertyConstraintViolation, "
                               "not Rejected",
    "soft_reset_without_reboot": "a Soft Reset stops transactions but does not reboot (no new connection, no boot)",
    "stop_after_reset_boot": "a Hard Reset queues the StopTransaction of a running transaction and sends it "
                             "after the new boot",
    "resume_after_power_loss": "a transaction cut by a power failure (cable still in) goes on after the reboot "
                               "instead of ending with reason PowerLoss",
    "reconnect_after_boot": "its first accepted boot is followed by a lost connection and a reconnect without boot, "
                            "before it reports any connector",
    "security_profile_reboot_required": "a higher SecurityProfile is answered RebootRequired and used from the "
                                        "next boot on, not at once",
    "no_minimum_status_duration": "MinimumStatusDuration (optional) is not implemented: unknown to GetConfiguration, "
                                  "ChangeConfiguration answers NotSupported",
    "status_delay_configured": "MinimumStatusDuration starts at 5, not 0: status changes are reported once they "
                               "have held for 5 s until the key is changed",
}


# ChargePointErrorCode of OCPP 1.6 §7.7, NoError aside: what a fault can be reported as.
ERROR_CODES = (
    "ConnectorLockFailure", "EVCommunicationError", "GroundFailure", "HighTemperature", "InternalError",
    "LocalListConflict", "OtherError", "OverCurrentFailure", "OverVoltage", "PowerMeterFailure",
    "PowerSwitchFailure", "ReaderFailure", "ResetFailure", "UnderVoltage", "WeakSignal",
)


@dataclass
class ChargePointSettings:
    url: str
    charge_point_id: str = "CP_1"
    connectors: int = 2
    vendor: str = "OCPPConformance"
    model: str = "ReferenceCP"
    serial: str = "REF-0001"
    firmware: str = "1.0.0"
    password: str | None = None
    # TLS (security profiles 2 and 3, a wss:// url): the central system's root, and with
    # profile 3 this charge point's certificate and key (PEM files).
    ca_certificate: str | None = None
    certificate: str | None = None
    private_key: str | None = None
    # The security profile it starts with; None: 3 with a certificate on wss://, 2 on wss://,
    # 1 with a password, else 0. A certificate with profile 2 allows the upgrade to 3.
    security_profile: int | None = None
    faults: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    heartbeat_interval: int = 0  # HeartbeatInterval as an earlier Accepted boot left it
    call_timeout: float = 10.0
    reconnect_delay: float = 1.0
    default_boot_retry: float = 5.0
    fixed_cable: bool = False  # a cable fixed to the charge point: nothing to unlock
    backup_power: bool = False  # enough power to stop transactions when the mains power fails
