"""Every fault switch and mode of the reference charge point, with what it then does.

Faults make it misbehave on purpose, so that a self-test can show a case notices; modes are
behaviours the specification allows besides its default one. The code asks `self.faults` /
`self.modes` about the constants below (`self.faults.active(Fault.NO_AUTHORIZE)`).
"""

from __future__ import annotations

from conformance.reference.switches import Registry

SWITCHES = Registry("charge-point")


class Fault:
    """What the reference charge point does wrong when the fault is on."""

    LOCAL_TIME_TIMESTAMPS = SWITCHES.fault(
        "local_time_timestamps", "every dateTime is sent with a +02:00 offset instead of UTC")
    NAIVE_TIMESTAMPS = SWITCHES.fault("naive_timestamps", "every dateTime is sent without a zone designator")
    NO_STATUS_AFTER_BOOT = SWITCHES.fault(
        "no_status_after_boot", "no StatusNotification after an Accepted BootNotification")
    NO_CONNECTOR_ZERO_STATUS = SWITCHES.fault(
        "no_connector_zero_status", "after boot, StatusNotification only for connectors 1..N, not 0")
    HEARTBEAT_BEFORE_BOOT = SWITCHES.fault(
        "heartbeat_before_boot", "a Heartbeat is sent on every connection that boots, before the BootNotification")
    BOOT_FLOOD = SWITCHES.fault(
        "boot_flood", "on every connection that boots, 500 BootNotifications at once, none waiting for an answer")
    GARBAGE_BEFORE_BOOT = SWITCHES.fault(
        "garbage_before_boot",
        "before each BootNotification on a new connection: a non-JSON frame, a Heartbeat CALL with a 37-character "
        "message id and a CALLRESULT for no CALL")
    IGNORE_BOOT_INTERVAL = SWITCHES.fault(
        "ignore_boot_interval", "after Rejected/Pending, BootNotification is retried after 0.2 s whatever the interval")
    HEARTBEAT_IGNORES_INTERVAL = SWITCHES.fault(
        "heartbeat_ignores_interval", "Heartbeat is sent at 4x the accepted interval")
    REJECT_CONFIG_WHILE_PENDING = SWITCHES.fault(
        "reject_config_while_pending",
        "while Pending, GetConfiguration/ChangeConfiguration get CALLERROR SecurityError")
    REJECT_CONFIG_CHANGE = SWITCHES.fault("reject_config_change", "ChangeConfiguration always answers Rejected")
    NO_AUTHORIZE = SWITCHES.fault("no_authorize", "a presented idTag starts a transaction without Authorize")
    NO_PREPARING = SWITCHES.fault("no_preparing", "no StatusNotification Preparing when a cable is plugged in")
    NO_PREPARING_ON_ID_TAG = SWITCHES.fault(
        "no_preparing_on_id_tag",
        "an idTag accepted before plug-in (identification first) gives no StatusNotification Preparing")
    FORGET_AUTHORIZATION = SWITCHES.fault(
        "forget_authorization",
        "an idTag authorized before plug-in (Preparing shown) is forgotten at plug-in: no StartTransaction")
    START_WITH_OTHER_ID_TAG = SWITCHES.fault(
        "start_with_other_id_tag", "StartTransaction carries a different idTag than the one authorized")
    IGNORE_CONNECTION_TIMEOUT = SWITCHES.fault(
        "ignore_connection_timeout",
        "a connector left Preparing (cable or idTag, no transaction) stays so: ConnectionTimeOut never ends it")
    EARLY_CONNECTION_TIMEOUT = SWITCHES.fault(
        "early_connection_timeout", "ConnectionTimeOut ends a Preparing connector after half the configured time")
    REJECT_REMOTE_START = SWITCHES.fault("reject_remote_start", "RemoteStartTransaction is answered Rejected")
    REMOTE_START_WITHOUT_AUTHORIZE = SWITCHES.fault(
        "remote_start_without_authorize",
        "a remote start sends no Authorize even where AuthorizeRemoteTxRequests is true")
    REMOTE_START_ON_BUSY_CONNECTOR = SWITCHES.fault(
        "remote_start_on_busy_connector",
        "RemoteStartTransaction for a connector with a transaction is Accepted (and then ignored)")
    REMOTE_START_ON_CONNECTOR_ZERO = SWITCHES.fault(
        "remote_start_on_connector_zero", "RemoteStartTransaction for connectorId 0 is Accepted, on a free connector")
    REMOTE_STOP_UNKNOWN_TRANSACTION = SWITCHES.fault(
        "remote_stop_unknown_transaction",
        "RemoteStopTransaction for an unknown transactionId is Accepted (and stops the running transaction)")
    STOP_WITH_ANY_ID_TAG = SWITCHES.fault(
        "stop_with_any_id_tag", "any idTag presented during a transaction stops it, not only the one that started it")
    CONFIG_KEY_MISSING = SWITCHES.fault(
        "config_key_missing", "GetConfiguration never reports ResetRetries, a required Core key")
    CONFIG_READONLY_WRONG = SWITCHES.fault(
        "config_readonly_wrong", "GetConfiguration reports HeartbeatInterval read-only (it is read-write)")
    CONFIG_DROPS_LAST_KEY = SWITCHES.fault(
        "config_drops_last_key", "GetConfiguration with several keys leaves the last requested key out")
    CONFIG_CHANGE_NOT_APPLIED = SWITCHES.fault(
        "config_change_not_applied", "ChangeConfiguration answers Accepted but keeps the old value")
    UNKNOWN_KEY_REJECTED = SWITCHES.fault(
        "unknown_key_rejected", "ChangeConfiguration of an unknown key is answered Rejected, not NotSupported")
    ACCEPT_INVALID_CONFIG_VALUE = SWITCHES.fault(
        "accept_invalid_config_value",
        "ChangeConfiguration with an invalid value is answered Accepted (the value is not kept)")
    DATA_TRANSFER_ACCEPTED = SWITCHES.fault(
        "data_transfer_accepted", "DataTransfer of an unknown vendorId is answered Accepted")
    DATA_TRANSFER_ERROR = SWITCHES.fault(
        "data_transfer_error", "DataTransfer is answered with CALLERROR NotSupported instead of a DataTransfer.conf")
    REJECT_RESET = SWITCHES.fault("reject_reset", "Reset is answered Rejected")
    RESET_FORGETS_AVAILABILITY = SWITCHES.fault(
        "reset_forgets_availability", "a Reset forgets which connectors were made Inoperative")
    RESET_STOP_REASON_OTHER = SWITCHES.fault(
        "reset_stop_reason_other", "a transaction stopped by a Reset reports reason Other, not HardReset or SoftReset")
    RESET_WITHOUT_FINISHING = SWITCHES.fault(
        "reset_without_finishing",
        "a Reset stops the transaction without StatusNotification(Finishing) before the reboot")
    UNLOCK_FAILS = SWITCHES.fault("unlock_fails", "UnlockConnector is answered UnlockFailed")
    UNLOCK_WITHOUT_STOP = SWITCHES.fault(
        "unlock_without_stop", "UnlockConnector during a transaction answers Unlocked but the transaction goes on")
    FIXED_CABLE_UNLOCKS = SWITCHES.fault(
        "fixed_cable_unlocks", "with a fixed cable, UnlockConnector is answered Unlocked instead of NotSupported")
    UNLOCK_IGNORES_LOCK_FAILURE = SWITCHES.fault(
        "unlock_ignores_lock_failure", "UnlockConnector answers Unlocked even when the connector's lock has failed")
    UNLOCK_UNKNOWN_CONNECTOR_FAILED = SWITCHES.fault(
        "unlock_unknown_connector_failed",
        "UnlockConnector for an unknown connectorId answers UnlockFailed, not NotSupported")
    START_DESPITE_LOCK_FAILURE = SWITCHES.fault(
        "start_despite_lock_failure",
        "a cable plugged in halfway (the lock cannot close) is taken as plugged in: no fault, the transaction starts")
    EV_DISCONNECT_REASON_LOCAL = SWITCHES.fault(
        "ev_disconnect_reason_local",
        "a transaction stopped by an EV-side disconnect reports reason Local, not EVDisconnected")
    EV_DISCONNECT_ALWAYS_STOPS = SWITCHES.fault(
        "ev_disconnect_always_stops",
        "an EV-side disconnect stops the transaction even with StopTransactionOnEVSideDisconnect false")
    PARENT_ID_TAG_IGNORED = SWITCHES.fault(
        "parent_id_tag_ignored",
        "an idTag presented during a transaction is not checked for the transaction's parentIdTag: only the starting "
        "idTag stops it")
    SAMPLE_INTERVAL_DOUBLED = SWITCHES.fault(
        "sample_interval_doubled", "sampled meter values come every 2x MeterValueSampleInterval")
    SAMPLED_CONTEXT_CLOCK = SWITCHES.fault(
        "sampled_context_clock", "sampled (periodic) meter values carry context Sample.Clock")
    CLOCK_ALIGNED_OFF_BOUNDARY = SWITCHES.fault(
        "clock_aligned_off_boundary",
        "clock-aligned meter values come half an interval after each boundary, timestamped when sent")
    NO_CLOCK_ALIGNED_DATA = SWITCHES.fault(
        "no_clock_aligned_data", "ClockAlignedDataInterval is stored but no clock-aligned meter values are sent")
    DROP_OLDEST_QUEUED_METER_VALUE = SWITCHES.fault(
        "drop_oldest_queued_meter_value",
        "of the sampled MeterValues queued while offline, the oldest is dropped when the connection is back")
    START_DESPITE_INVALID = SWITCHES.fault(
        "start_despite_invalid",
        "an idTag answered other than Accepted in Authorize (local or remote start) starts a transaction all the same")
    CACHE_IGNORED = SWITCHES.fault(
        "cache_ignored", "the authorization cache is never used: a cached idTag is always authorized online")
    CLEAR_CACHE_KEEPS_ENTRIES = SWITCHES.fault(
        "clear_cache_keeps_entries", "ClearCache answers Accepted but the cache keeps its entries")
    START_WHILE_FAULTED = SWITCHES.fault(
        "start_while_faulted", "a Faulted connector still takes a cable and an idTag and starts a transaction")
    POWER_CYCLE_FORGETS_AVAILABILITY = SWITCHES.fault(
        "power_cycle_forgets_availability", "a power cycle forgets which connectors were made Inoperative")
    OFFLINE_TRANSACTION_MESSAGES_LOST = SWITCHES.fault(
        "offline_transaction_messages_lost",
        "transaction messages (StopTransaction, sampled MeterValues) made while offline are dropped, not queued")
    NO_OFFLINE_START = SWITCHES.fault(
        "no_offline_start",
        "offline, no idTag is authorized locally (LocalAuthorizeOffline, AllowOfflineTxForUnknownId ignored): nothing "
        "starts")
    OFFLINE_INVALID_KEEPS_CHARGING = SWITCHES.fault(
        "offline_invalid_keeps_charging",
        "a transaction started offline whose idTag the central system then answers Invalid goes on charging")
    BACKUP_POWER_UNUSED = SWITCHES.fault(
        "backup_power_unused",
        "with backup power, a power cut still ends the transactions without StopTransaction before going down")
    NO_POWER_LOSS_STOP = SWITCHES.fault(
        "no_power_loss_stop", "a transaction cut by a power failure is forgotten: no StopTransaction after the reboot")
    REJECT_REMOTE_STOP = SWITCHES.fault(
        "reject_remote_stop", "RemoteStopTransaction is answered Rejected (the transaction goes on)")
    REMOTE_STOP_REASON_LOCAL = SWITCHES.fault(
        "remote_stop_reason_local", "a transaction stopped by RemoteStopTransaction reports reason Local, not Remote")
    WRONG_CALLERROR_CODE = SWITCHES.fault(
        "wrong_callerror_code", "CALLERRORs use 2.0.1 code spellings (FormatViolation, ...)")
    REUSED_MESSAGE_ID = SWITCHES.fault("reused_message_id", "every CALL uses the same message id")
    ENERGY_REGISTER_BACKWARDS = SWITCHES.fault(
        "energy_register_backwards",
        "MeterValues report the energy register counting down from 1000000 Wh while charging")
    METER_VALUES_WITHOUT_TRANSACTION_ID = SWITCHES.fault(
        "meter_values_without_transaction_id", "MeterValues of a transaction carry no transactionId")
    READ_ONLY_KEY_WRITABLE = SWITCHES.fault(
        "read_only_key_writable", "ChangeConfiguration of a read-only key is Accepted and the value kept")
    UNKNOWN_KEY_OMITTED = SWITCHES.fault(
        "unknown_key_omitted", "GetConfiguration leaves the keys it does not know out of unknownKey")
    INOPERATIVE_DURING_TRANSACTION_ACCEPTED = SWITCHES.fault(
        "inoperative_during_transaction_accepted",
        "ChangeAvailability Inoperative for a connector with a transaction is answered Accepted, not Scheduled "
        "(the change still waits for the transaction's end)")
    BASIC_AUTH_UNPADDED = SWITCHES.fault(
        "basic_auth_unpadded", "the basic auth credentials are base64 without its = padding")
    TLS_ANY_SERVER_CERTIFICATE = SWITCHES.fault(
        "tls_any_server_certificate", "TLS: the central system's certificate is not checked against the root")
    TLS_MISSING_CIPHER_SUITE = SWITCHES.fault(
        "tls_missing_cipher_suite", "TLS: TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 is not offered")
    TLS_1_0_AND_1_1 = SWITCHES.fault("tls_1_0_and_1_1", "TLS: versions 1.0 and 1.1 are offered too")
    CERTIFICATE_WRONG_CN = SWITCHES.fault(
        "certificate_wrong_cn", "TLS: presents the test PKI's charge-point-wrong-cn.pem (subject CN not its identity)")
    ACCEPT_SECURITY_PROFILE_DOWNGRADE = SWITCHES.fault(
        "accept_security_profile_downgrade", "ChangeConfiguration SecurityProfile to a lower profile is Accepted")
    KEEPS_OLD_AUTHORIZATION_KEY = SWITCHES.fault(
        "keeps_old_authorization_key", "a new AuthorizationKey is Accepted, but it reconnects with the old one")
    UPGRADE_WITHOUT_CERTIFICATE = SWITCHES.fault(
        "upgrade_without_certificate",
        "SecurityProfile 3 is Accepted, but it reconnects without its client certificate")
    NO_CLIENT_CERTIFICATE = SWITCHES.fault(
        "no_client_certificate", "TLS with security profile 3: connects without presenting its client certificate")
    REJECTS_UNUSUAL_TIMESTAMPS = SWITCHES.fault(
        "rejects_unusual_timestamps",
        "a ReserveNow expiryDate with fractional seconds or +00:00 is refused with PropertyConstraintViolation")
    FAULTED_WITH_BROKEN_FRAME = SWITCHES.fault(
        "faulted_with_broken_frame",
        "after each Accepted boot: connector 1 reports Faulted (OtherError, no fault to clear) and a non-JSON frame "
        "follows")
    AVAILABLE_DURING_TRANSACTION = SWITCHES.fault(
        "available_during_transaction",
        "while charging, a StatusNotification Available is sent for the connector a moment after Charging (the "
        "transaction goes on)")
    PREPARING_AFTER_CHARGING = SWITCHES.fault(
        "preparing_after_charging",
        "a moment after reporting Charging, the connector reports Preparing and then Charging again (no such "
        "transition)")
    STATUS_HELD_TWICE_AS_LONG = SWITCHES.fault(
        "status_held_twice_as_long", "with MinimumStatusDuration N > 0, a status change is reported only after 2N s")
    FIRMWARE_NEVER_FETCHED = SWITCHES.fault(
        "firmware_never_fetched", "UpdateFirmware is answered, then nothing: no download, no FirmwareStatusNotification")
    FIRMWARE_REPORTED_UNFETCHED = SWITCHES.fault(
        "firmware_reported_unfetched",
        "a firmware update reports Downloading and Downloaded without fetching the file (and then installs)")
    DOWNLOAD_FAILURE_REPORTED_DOWNLOADED = SWITCHES.fault(
        "download_failure_reported_downloaded", "a firmware download that fails is reported Downloaded")
    INSTALLS_ANY_FIRMWARE = SWITCHES.fault(
        "installs_any_firmware", "any downloaded file installs: an image it cannot use is reported Installed")
    REFUSES_VALID_FIRMWARE = SWITCHES.fault(
        "refuses_valid_firmware", "a valid firmware image is downloaded and reported InstallationFailed after the reboot")
    INSTALLED_WITHOUT_REBOOT = SWITCHES.fault(
        "installed_without_reboot", "a firmware update reports Installed without rebooting into the new firmware")
    TRANSFER_RETRIES_IGNORED = SWITCHES.fault(
        "transfer_retries_ignored",
        "a firmware download or diagnostics upload that fails is tried once more than retries allows")
    FAILURE_REPORTED_UNTRIED = SWITCHES.fault(
        "failure_reported_untried",
        "a firmware download or diagnostics upload is reported failed at once, without trying the location")
    DIAGNOSTICS_REPORTED_UNSENT = SWITCHES.fault(
        "diagnostics_reported_unsent", "GetDiagnostics reports Uploading and Uploaded without uploading anything")
    UPLOAD_FAILURE_REPORTED_UPLOADED = SWITCHES.fault(
        "upload_failure_reported_uploaded", "a diagnostics upload that fails is reported Uploaded")

    SECURITY_LOG_REPORTED_UNSENT = SWITCHES.fault(
        "security_log_reported_unsent", "GetLog reports Uploading and Uploaded without uploading the security log")
    LOG_STATUS_OTHER_REQUEST_ID = SWITCHES.fault(
        "log_status_other_request_id", "LogStatusNotification carries the requestId of the GetLog it answers plus 1")
    CERTIFICATE_KEY_HASH_OVER_KEY_INFO = SWITCHES.fault(
        "certificate_key_hash_over_key_info",
        "certificateHashData's issuerKeyHash is computed over the whole SubjectPublicKeyInfo, not the key bits")
    INSTALLED_CERTIFICATE_NOT_KEPT = SWITCHES.fault(
        "installed_certificate_not_kept", "InstallCertificate answers Accepted but the certificate is not stored")
    ACCEPTS_INVALID_CERTIFICATE = SWITCHES.fault(
        "accepts_invalid_certificate",
        "a certificate for its key is installed whatever its validity period, CN or issuer (CertificateSigned, "
        "InstallCertificate)")
    NO_SECURITY_EVENT = SWITCHES.fault(
        "no_security_event", "a refused certificate is not reported in a SecurityEventNotification")
    KEEPS_OLD_CERTIFICATE = SWITCHES.fault(
        "keeps_old_certificate",
        "with security profile 3, a newly signed certificate is installed but it stays on its connection with the old one")
    CSR_WITHOUT_ORGANIZATION = SWITCHES.fault(
        "csr_without_organization", "its certificate signing request leaves out O (CpoName)")
    DELETED_CERTIFICATE_KEPT = SWITCHES.fault(
        "deleted_certificate_kept", "DeleteCertificate answers Accepted but the certificate stays in the store")
    LOCAL_LIST_IGNORED = SWITCHES.fault(
        "local_list_ignored", "the local list is never used to authorize: a listed idTag is authorized online "
        "(Authorize.req) or, offline, not at all")
    LOCAL_LIST_VERSION_INSTEAD_OF_MINUS_ONE = SWITCHES.fault(
        "local_list_version_instead_of_minus_one",
        "without the profile or with LocalAuthListEnabled false, GetLocalListVersion reports a list version (0) "
        "instead of -1")
    EMPTY_LIST_REPORTS_ITS_VERSION = SWITCHES.fault(
        "empty_list_reports_its_version",
        "GetLocalListVersion reports the version of the last update even when the list is empty, not 0")
    DIFFERENTIAL_LIST_FAILS = SWITCHES.fault(
        "differential_list_fails", "every Differential SendLocalList is answered Failed (only Full updates work)")
    DIFFERENTIAL_IGNORES_VERSION = SWITCHES.fault(
        "differential_ignores_version",
        "a Differential SendLocalList whose version is not above the list's is applied and Accepted, not "
        "VersionMismatch")
    LOCAL_LIST_ACCEPTED_WITHOUT_PROFILE = SWITCHES.fault(
        "local_list_accepted_without_profile",
        "without the profile (mode no_local_auth_list), SendLocalList is answered Accepted and dropped")
    LOCAL_LIST_FAILURE_IGNORED = SWITCHES.fault(
        "local_list_failure_ignored",
        "with storing made to fail (set_local_list_failure), SendLocalList is still answered Accepted")
    FIRST_SEND_LOCAL_LIST_UNANSWERED = SWITCHES.fault(
        "first_send_local_list_unanswered",
        "the first SendLocalList.req it gets is never answered (nor applied); later ones are")
    RESERVATION_NOT_HELD = SWITCHES.fault(
        "reservation_not_held",
        "an Accepted ReserveNow is not kept: no Reserved status, any idTag may charge, no reservationId in "
        "StartTransaction")
    RESERVATION_ADMITS_ANY_ID_TAG = SWITCHES.fault(
        "reservation_admits_any_id_tag", "a reserved connector lets any idTag start a transaction (without reservationId)")
    RESERVATION_NEVER_EXPIRES = SWITCHES.fault(
        "reservation_never_expires", "a reservation outlives its expiryDate: the connector stays Reserved")
    RESERVATION_WHILE_FAULTED = SWITCHES.fault(
        "reservation_while_faulted", "ReserveNow for a Faulted connector or charge point is answered Accepted")
    RESERVATION_WHILE_OCCUPIED = SWITCHES.fault(
        "reservation_while_occupied", "ReserveNow for an occupied connector (or every one occupied) is answered Accepted")
    RESERVATION_WHILE_UNAVAILABLE = SWITCHES.fault(
        "reservation_while_unavailable",
        "ReserveNow for an Unavailable connector or charge point is answered Accepted")
    RESERVATION_ZERO_REFUSED = SWITCHES.fault(
        "reservation_zero_refused", "ReserveNow for connectorId 0 is answered Rejected although "
        "ReserveConnectorZeroSupported is true")
    CANCEL_RESERVATION_REJECTED = SWITCHES.fault(
        "cancel_reservation_rejected", "CancelReservation of a held reservation is answered Rejected and it stays")
    CANCEL_ANY_RESERVATION = SWITCHES.fault(
        "cancel_any_reservation", "CancelReservation of an unknown reservationId is Accepted and cancels the one held")
    RESERVATION_PARENT_IGNORED = SWITCHES.fault(
        "reservation_parent_ignored",
        "a reservation's parentIdTag is ignored: only its own idTag may use the reserved connector")
    RESERVATION_ACCEPTED_WITHOUT_PROFILE = SWITCHES.fault(
        "reservation_accepted_without_profile",
        "with mode no_reservation, ReserveNow is answered Accepted all the same (and nothing is reserved)")
    RESERVATION_EXPIRES_EARLY = SWITCHES.fault(
        "reservation_expires_early", "a reservation ends halfway between ReserveNow and its expiryDate")
    START_WITHOUT_RESERVATION_ID = SWITCHES.fault(
        "start_without_reservation_id",
        "the StartTransaction of a transaction that uses a reservation leaves its reservationId out")
    CANCELLED_RESERVATION_ID_SENT = SWITCHES.fault(
        "cancelled_reservation_id_sent",
        "the next StartTransaction on a connector whose reservation was cancelled carries that reservationId")
    RESERVE_NOW_UNANSWERED = SWITCHES.fault(
        "reserve_now_unanswered",
        "ReserveNow is never answered, but the connector is reserved all the same (and shows Reserved)")
    TRIGGER_MESSAGE_UNANSWERED = SWITCHES.fault("trigger_message_unanswered", "TriggerMessage is never answered")
    TRIGGER_REJECTED = SWITCHES.fault(
        "trigger_rejected", "TriggerMessage is answered Rejected for every message")
    TRIGGER_WITHOUT_MESSAGE = SWITCHES.fault(
        "trigger_without_message", "TriggerMessage(Heartbeat) is answered Accepted but no Heartbeat follows")
    DIAGNOSTICS_STATUS_UPLOADED = SWITCHES.fault(
        "diagnostics_status_uploaded",
        "a triggered DiagnosticsStatusNotification reports Uploaded, though no upload ever ran (not Idle)")
    TRIGGER_UNKNOWN_CONNECTOR_ACCEPTED = SWITCHES.fault(
        "trigger_unknown_connector_accepted",
        "TriggerMessage for a connectorId the charge point does not have is Accepted (MeterValues of no connector)")


    # -- SmartCharging
    TX_PROFILE_WITHOUT_TRANSACTION_ACCEPTED = SWITCHES.fault(
        "tx_profile_without_transaction_accepted", "a TxProfile for a connector without a transaction is Accepted")
    TX_PROFILE_OTHER_TRANSACTION_ACCEPTED = SWITCHES.fault(
        "tx_profile_other_transaction_accepted",
        "a TxProfile naming a transactionId other than the connector's running one is Accepted")
    REMOTE_START_ANY_PURPOSE = SWITCHES.fault(
        "remote_start_any_purpose", "RemoteStartTransaction is Accepted with a chargingProfile of any purpose")
    REMOTE_START_PROFILE_DROPPED = SWITCHES.fault(
        "remote_start_profile_dropped", "the chargingProfile of a RemoteStartTransaction is accepted and then ignored")
    CLEAR_BY_CRITERIA_KEEPS_PROFILES = SWITCHES.fault(
        "clear_by_criteria_keeps_profiles", "ClearChargingProfile by criteria (no id) is Accepted but removes nothing")
    COMPOSITE_ABOVE_CHARGE_POINT_MAX = SWITCHES.fault(
        "composite_above_charge_point_max", "GetCompositeSchedule leaves ChargePointMaxProfile out")
    COMPOSITE_WITHOUT_TX_PROFILE = SWITCHES.fault(
        "composite_without_tx_profile", "GetCompositeSchedule leaves TxProfiles out")
    COMPOSITE_IDLE_WITHOUT_TX_DEFAULT = SWITCHES.fault(
        "composite_idle_without_tx_default",
        "GetCompositeSchedule of a connector without a transaction leaves TxDefaultProfiles out")
    TX_DEFAULT_NOT_FOR_RUNNING_TRANSACTION = SWITCHES.fault(
        "tx_default_not_for_running_transaction",
        "a TxDefaultProfile installed during a transaction is left out of that transaction's composite schedule")
    TX_DEFAULT_PROFILE_REJECTED = SWITCHES.fault(
        "tx_default_profile_rejected", "SetChargingProfile with a TxDefaultProfile is answered Rejected")
    CLEAR_BY_ID_UNKNOWN = SWITCHES.fault(
        "clear_by_id_unknown", "ClearChargingProfile by id answers Unknown (and removes the profile)")
    COMPOSITE_STALE_START = SWITCHES.fault(
        "composite_stale_start", "GetCompositeSchedule reports a scheduleStart 60 s in the past, its periods from then")
    COMPOSITE_SHORT_DURATION = SWITCHES.fault(
        "composite_short_duration", "GetCompositeSchedule reports half the duration asked for")
    COMPOSITE_OTHER_UNIT = SWITCHES.fault(
        "composite_other_unit", "GetCompositeSchedule answers in A when W is asked for, and in W when A is")
    COMPOSITE_LOWEST_STACK_LEVEL = SWITCHES.fault(
        "composite_lowest_stack_level", "GetCompositeSchedule takes only the TxDefaultProfiles of the lowest stackLevel")


class Mode:
    """What it does differently, as the specification allows, when the mode is on."""

    MESSAGE_IDS_PER_CONNECTION = SWITCHES.mode(
        "message_ids_per_connection",
        "CALL message ids count from 1 again on every new connection (OCPP-J 1.6 asks unique ids per connection)")
    SYNC_ACTIONS = SWITCHES.mode(
        "sync_actions", "operator actions return only once every CALL they provoked is answered (at most call_timeout)")
    ALREADY_BOOTED = SWITCHES.mode(
        "already_booted", "Accepted before the run: no BootNotification on the first connection, just heartbeats")
    PREPARING_BEFORE_AUTHORIZE = SWITCHES.mode(
        "preparing_before_authorize", "identification first: StatusNotification Preparing before Authorize, not after")
    CHARGING_BEFORE_START = SWITCHES.mode(
        "charging_before_start", "StatusNotification Charging before StartTransaction, not after")
    FINISHING_BEFORE_STOP = SWITCHES.mode(
        "finishing_before_stop", "StatusNotification Finishing before StopTransaction, not after")
    REMOTE_START_ZERO_CALLERROR = SWITCHES.mode(
        "remote_start_zero_callerror",
        "RemoteStartTransaction for connectorId 0 is answered with CALLERROR PropertyConstraintViolation, not Rejected")
    INVALID_VALUE_CALLERROR = SWITCHES.mode(
        "invalid_value_callerror",
        "ChangeConfiguration with an invalid value gets CALLERROR PropertyConstraintViolation, not Rejected")
    REBOOT_DELAYED_AFTER_RESET = SWITCHES.mode(
        "reboot_delayed_after_reset", "after an accepted Reset it waits 4 s before it reboots (its connection stays)")
    SOFT_RESET_WITHOUT_REBOOT = SWITCHES.mode(
        "soft_reset_without_reboot", "a Soft Reset stops transactions but does not reboot (no new connection, no boot)")
    STOP_AFTER_RESET_BOOT = SWITCHES.mode(
        "stop_after_reset_boot",
        "a Hard Reset queues the StopTransaction of a running transaction and sends it after the new boot")
    RESUME_AFTER_POWER_LOSS = SWITCHES.mode(
        "resume_after_power_loss",
        "a transaction cut by a power failure (cable still in) goes on after the reboot instead of ending with reason "
        "PowerLoss")
    RECONNECT_AFTER_BOOT = SWITCHES.mode(
        "reconnect_after_boot",
        "its first accepted boot is followed by a lost connection and a reconnect without boot, before it reports any "
        "connector")
    SECURITY_PROFILE_REBOOT_REQUIRED = SWITCHES.mode(
        "security_profile_reboot_required",
        "a higher SecurityProfile is answered RebootRequired and used from the next boot on, not at once")
    NO_MINIMUM_STATUS_DURATION = SWITCHES.mode(
        "no_minimum_status_duration",
        "MinimumStatusDuration (optional) is not implemented: unknown to GetConfiguration, ChangeConfiguration answers"
        " NotSupported")
    STATUS_DELAY_CONFIGURED = SWITCHES.mode(
        "status_delay_configured",
        "MinimumStatusDuration starts at 5, not 0: status changes are reported once they have held for 5 s until the "
        "key is changed")
    SECURITY_PROFILE_AT_RESET = SWITCHES.mode(
        "security_profile_at_reset",
        "SecurityProfile raised: Accepted, but it keeps its connection and uses the new profile from its next one "
        "(after a Reset)")
    CERTIFICATE_BY_CSR_ONLY = SWITCHES.mode(
        "certificate_by_csr_only",
        "it comes without a client certificate: it gets one only by ExtendedTriggerMessage(SignChargePointCertificate),"
        " SignCertificate and CertificateSigned")
    REFUSES_NEGATIVE_CONNECTOR_ID = SWITCHES.mode(
        "refuses_negative_connector_id",
        "a request with a negative connectorId (valid by the schema, not by the specification's text) is refused "
        "with CALLERROR PropertyConstraintViolation before anything else is checked")
    SAMPLE_INTERVAL_AT_MAXIMUM = SWITCHES.mode(
        "sample_interval_at_maximum",
        "MeterValueSampleInterval starts at 60, the top of its range: a higher value is Rejected")
    TRANSACTION_BEGIN_METER_VALUE = SWITCHES.mode(
        "transaction_begin_meter_value",
        "a transaction's start is followed by a MeterValues.req of context Transaction.Begin (the register at the "
        "start)")
    SPLIT_MEASURANDS = SWITCHES.mode(
        "split_measurands",
        "MeterValuesSampledData and MeterValuesAlignedData start with Energy.Active.Import.Register,"
        "Power.Active.Import, and each measurand of a reading is a meterValue entry of its own, with one timestamp")
    ALIGNED_ON_CONNECTOR_ZERO_ONLY = SWITCHES.mode(
        "aligned_on_connector_zero_only",
        "clock-aligned meter values are sent for connector 0 (the main meter) only, not per connector")
    WHOLE_SECOND_TIMER = SWITCHES.mode(
        "whole_second_timer",
        "its timers (ConnectionTimeOut, the retry interval of a Rejected or Pending boot) count whole seconds, the "
        "one they start in as a full one: each ends 0.9 s early, the worst case of such a timer")
    TIMER_FROM_ID_TAG = SWITCHES.mode(
        "timer_from_id_tag",
        "ConnectionTimeOut counts from the moment the idTag is presented (or RemoteStartTransaction arrives), which "
        "it takes 0.9 s to act on: Preparing ends 0.9 s sooner after Authorize than ConnectionTimeOut")
    SUSPENDED_EVSE_BEFORE_CHARGING = SWITCHES.mode(
        "suspended_evse_before_charging",
        "a connector that starts charging reports SuspendedEVSE for a moment first (the EVSE not yet offering energy)")
    PREPARING_TWICE = SWITCHES.mode(
        "preparing_twice", "every StatusNotification Preparing is sent twice")
    UNAVAILABLE_WHILE_BOOTING = SWITCHES.mode(
        "unavailable_while_booting",
        "after an Accepted boot every connector reports Unavailable first, then its status")
    REPLAY_STATUSES_ON_RECONNECT = SWITCHES.mode(
        "replay_statuses_on_reconnect",
        "after every reconnect without a reboot, every connector's status is sent again first, changed or not, before "
        "the messages queued offline")
    TX_PROFILE_CALLERROR = SWITCHES.mode(
        "tx_profile_callerror",
        "a TxProfile for a connector without a transaction is answered with CALLERROR PropertyConstraintViolation, "
        "not Rejected")
    REMOTE_START_PROFILE_CALLERROR = SWITCHES.mode(
        "remote_start_profile_callerror",
        "a RemoteStartTransaction whose chargingProfile is not a TxProfile is answered with CALLERROR "
        "PropertyConstraintViolation, not Rejected")
    CONNECTOR_AVAILABILITY_KEPT = SWITCHES.mode(
        "connector_availability_kept",
        "a connector made Inoperative on its own stays so when the whole charge point (connector 0) is made Operative")
    INSTALLED_BEFORE_REBOOT = SWITCHES.mode(
        "installed_before_reboot",
        "a firmware update reports Installed before it reboots into the new firmware, not after the boot")
    REBOOT_AFTER_FAILED_INSTALL = SWITCHES.mode(
        "reboot_after_failed_install",
        "a firmware that fails to install is followed by a reboot (into the old firmware); InstallationFailed after it")
    UNAVAILABLE_DURING_UPDATE = SWITCHES.mode(
        "unavailable_during_update",
        "before it downloads a firmware, every connector and connector 0 report Unavailable; Available again after "
        "the update (after its reboot, or at once where it fails without one)")
    FAILS_WITHOUT_PROGRESS = SWITCHES.mode(
        "fails_without_progress",
        "a firmware download or installation that fails at once sends no Downloading or Installing before it")
    NO_LOCAL_AUTH_LIST = SWITCHES.mode(
        "no_local_auth_list",
        "no Local Auth List Management profile: no LocalAuthList* keys, GetLocalListVersion answers -1 and "
        "SendLocalList NotSupported")
    LOCAL_LIST_CALLERROR = SWITCHES.mode(
        "local_list_callerror",
        "with no_local_auth_list, GetLocalListVersion and SendLocalList get CALLERROR NotSupported instead")
    NO_RESERVATION = SWITCHES.mode(
        "no_reservation",
        "without the Reservation profile: ReserveNow is answered Rejected, SupportedFeatureProfiles leaves it out")
    NO_FIRMWARE_STATUS_TRIGGER = SWITCHES.mode(
        "no_firmware_status_trigger", "TriggerMessage(FirmwareStatusNotification) is answered NotImplemented")
    TRIGGER_CALLERROR = SWITCHES.mode(
        "trigger_callerror",
        "TriggerMessage for a connectorId it does not have gets CALLERROR PropertyConstraintViolation, not Rejected")


FAULTS: dict[str, str] = SWITCHES.meanings("fault")
MODES: dict[str, str] = SWITCHES.meanings("mode")
