"""Every fault switch and mode of the reference central system, with what it then does.

Faults make it misbehave; modes are behaviours a correct central system may have besides the
default one. The code asks `self.faults` and `self.modes` about the constants below
(`self.faults.active(Fault.BOOT_REJECTED)`, `self.modes.active(Mode.CLOSES_WITHOUT_SUBPROTOCOL)`).
"""

from __future__ import annotations

from conformance.reference.switches import Registry

SWITCHES = Registry("central-system")


class Fault:
    """What the reference central system does wrong when the fault is on."""

    NAIVE_TIMESTAMPS = SWITCHES.fault("naive_timestamps", "every dateTime it sends lacks a zone designator")
    LOCAL_TIME_TIMESTAMPS = SWITCHES.fault(
        "local_time_timestamps", "every dateTime it sends is local time at +02:00 instead of UTC")
    AUTHORIZE_INVALID = SWITCHES.fault("authorize_invalid", "every Authorize is answered Invalid, whatever the idTag")
    START_TRANSACTION_BLOCKED = SWITCHES.fault(
        "start_transaction_blocked", "every StartTransaction is answered with idTagInfo Blocked")
    LATE_ANSWERS_UNDER_LOAD = SWITCHES.fault(
        "late_answers_under_load",
        "each request takes it 20 ms; while more than 4 requests of all its charge points wait at once, it answers "
        "only after its call timeout plus 1 s (one charge point alone never sees it)")
    REUSED_TRANSACTION_ID = SWITCHES.fault("reused_transaction_id", "every StartTransaction gets transactionId 1")
    RACY_TRANSACTION_IDS = SWITCHES.fault(
        "racy_transaction_ids",
        "a transactionId is read from its store and written back 50 ms later: StartTransactions of several charge "
        "points in that window get the same id (one charge point alone never sees it)")
    STATUS_NOTIFICATION_ERROR = SWITCHES.fault(
        "status_notification_error", "StatusNotification is answered with CALLERROR InternalError")
    BOOT_REJECTED = SWITCHES.fault(
        "boot_rejected", "BootNotification is always Rejected, whatever the configured boot status")
    ZERO_HEARTBEAT_INTERVAL = SWITCHES.fault("zero_heartbeat_interval", "BootNotification Accepted with interval 0")
    NEGATIVE_HEARTBEAT_INTERVAL = SWITCHES.fault(
        "negative_heartbeat_interval", "BootNotification Accepted with interval -5 (valid by the schema, not by sense)")
    STACKED_REQUESTS = SWITCHES.fault(
        "stacked_requests", "to every charge point that connects: 300 GetConfiguration at once, none waiting for an answer")
    HEARTBEAT_ERROR = SWITCHES.fault("heartbeat_error", "Heartbeat is answered with CALLERROR InternalError")
    WRONG_CALLERROR_CODE = SWITCHES.fault(
        "wrong_callerror_code", "CALLERRORs use 2.0.1 spellings (FormatViolation, ...) instead of 1.6 codes")
    REUSED_MESSAGE_ID = SWITCHES.fault("reused_message_id", "every CALL it sends has the same message id")
    INVALID_ID_TAG_ACCEPTED = SWITCHES.fault(
        "invalid_id_tag_accepted", "an invalid or unknown idTag is answered Accepted")
    EXPIRED_ID_TAG_ACCEPTED = SWITCHES.fault("expired_id_tag_accepted", "an expired idTag is answered Accepted")
    BLOCKED_ID_TAG_INVALID = SWITCHES.fault("blocked_id_tag_invalid", "a blocked idTag is answered Invalid")
    BLOCKED_ID_TAG_ACCEPTED = SWITCHES.fault("blocked_id_tag_accepted", "a blocked idTag is answered Accepted")
    ID_TAGS_BLOCKED = SWITCHES.fault("id_tags_blocked", "every idTag is answered Blocked, whatever it is")
    START_REQUIRES_AUTHORIZE = SWITCHES.fault(
        "start_requires_authorize",
        "a StartTransaction whose idTag was not authorized first on this connection is Invalid")
    START_TRANSACTION_ACCEPTS_ANY = SWITCHES.fault(
        "start_transaction_accepts_any", "StartTransaction is Accepted whatever the idTag")
    STOP_TRANSACTION_ACCEPTS_ANY = SWITCHES.fault(
        "stop_transaction_accepts_any", "StopTransaction with an idTag is answered idTagInfo Accepted whatever the idTag")
    STOP_TRANSACTION_NO_ID_TAG_INFO = SWITCHES.fault(
        "stop_transaction_no_id_tag_info", "StopTransaction is answered without idTagInfo, also when it carries an idTag")
    STOP_TRANSACTION_ERROR = SWITCHES.fault(
        "stop_transaction_error", "StopTransaction is answered with CALLERROR InternalError")
    STRICT_CONNECTOR_STATE_MACHINE = SWITCHES.fault(
        "strict_connector_state_machine",
        "StatusNotification Available straight after Preparing (no transaction) is answered with CALLERROR "
        "GenericError")
    FAULT_STATUS_ERROR = SWITCHES.fault(
        "fault_status_error", "a StatusNotification with an errorCode other than NoError is answered with CALLERROR")
    BOOT_REQUIRED_ON_RECONNECT = SWITCHES.fault(
        "boot_required_on_reconnect",
        "on a connection without BootNotification every other CALL is answered with CALLERROR SecurityError")
    DATA_TRANSFER_ACCEPTED = SWITCHES.fault("data_transfer_accepted", "DataTransfer is Accepted whatever the vendorId")
    DATA_TRANSFER_ERROR = SWITCHES.fault("data_transfer_error", "DataTransfer is answered with CALLERROR NotSupported")
    BASIC_AUTH_NOT_CHECKED = SWITCHES.fault(
        "basic_auth_not_checked", "a charge point is accepted with any basic auth credentials, or none")
    TLS_MISSING_CIPHER_SUITE = SWITCHES.fault(
        "tls_missing_cipher_suite", "TLS: TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 is not served")
    TLS_1_0_AND_1_1 = SWITCHES.fault("tls_1_0_and_1_1", "TLS: versions 1.0 and 1.1 are served too")
    TLS_ONE_KEY_TYPE = SWITCHES.fault(
        "tls_one_key_type", "TLS: only the elliptic curve certificate is served, so the two TLS_RSA suites are not")
    SELF_SIGNED_SERVER_CERTIFICATE = SWITCHES.fault(
        "self_signed_server_certificate",
        "TLS: it presents a self-signed certificate for its key instead of the one issued under the root")
    CLIENT_CERTIFICATE_OPTIONAL = SWITCHES.fault(
        "client_certificate_optional", "profile 3: a charge point without a client certificate is accepted")
    CLIENT_CERTIFICATE_CN_NOT_CHECKED = SWITCHES.fault(
        "client_certificate_cn_not_checked",
        "profile 3: a client certificate whose CN is another charge point is accepted")
    ACCEPTS_UNKNOWN_SUBPROTOCOL = SWITCHES.fault(
        "accepts_unknown_subprotocol", "a handshake that does not offer ocpp1.6 is accepted, without a subprotocol")
    SELECTS_OTHER_SUBPROTOCOL = SWITCHES.fault(
        "selects_other_subprotocol", "every handshake is upgraded selecting subprotocol ocpp2.0.1, whatever is offered")
    NO_SUBPROTOCOL_KEEPS_OPEN = SWITCHES.fault(
        "no_subprotocol_keeps_open",
        "every handshake is upgraded without a subprotocol, and the connection is served as if ocpp1.6 was agreed")
    STORES_RECEPTION_TIME = SWITCHES.fault(
        "stores_reception_time",
        "a StartTransaction or StopTransaction is recorded at the time it arrives, not at its timestamp")
    PASSWORD_CHANGE_NOT_APPLIED = SWITCHES.fault(
        "password_change_not_applied",
        "a new basic auth password is sent (AuthorizationKey) but the old one stays valid")
    LOWER_PROFILE_ACCEPTED = SWITCHES.fault(
        "lower_profile_accepted", "after raising a charge point's security profile, its old profile is still accepted")
    GENERIC_ERROR_ON_TYPE = SWITCHES.fault(
        "generic_error_on_type",
        "a request with a field of the wrong type is refused with GenericError, not TypeConstraintViolation")
    ACCEPTS_MISSING_REQUIRED = SWITCHES.fault(
        "accepts_missing_required", "a request missing a required field is answered with an empty CALLRESULT")
    CRASH_ON_LONG_ID_TAG = SWITCHES.fault(
        "crash_on_long_id_tag",
        "an Authorize with a maximum-length (20 character) idTag closes the connection with 1011")
    REJECTS_UNUSUAL_TIMESTAMPS = SWITCHES.fault(
        "rejects_unusual_timestamps",
        "a StatusNotification timestamp with fractional seconds or +00:00 is refused with PropertyConstraintViolation")

    # What it sends when its operator asks it to (operator_requests.py): the mistakes of a back
    # office turning a click into a request.
    IGNORE_OPERATOR = SWITCHES.fault("ignore_operator", "an operator's request is never sent to the charge point")
    LOCAL_LIST_ANSWER_DROPS_CONNECTION = SWITCHES.fault(
        "local_list_answer_drops_connection",
        "a GetLocalListVersion.conf of -1 or 0, or a SendLocalList.conf NotSupported or Failed, makes it close the "
        "charge point's connection")
    LOCAL_LIST_FULL_AS_DIFFERENTIAL = SWITCHES.fault(
        "local_list_full_as_differential", "an operator's Full SendLocalList goes out as a Differential one")
    LOCAL_LIST_DIFFERENTIAL_AS_FULL = SWITCHES.fault(
        "local_list_differential_as_full", "an operator's Differential SendLocalList goes out as a Full one")
    LOCAL_LIST_WITHOUT_ID_TAG_INFO = SWITCHES.fault(
        "local_list_without_id_tag_info", "a SendLocalList goes out with no idTagInfo in its entries")
    LOCAL_LIST_DUPLICATE_ENTRIES = SWITCHES.fault(
        "local_list_duplicate_entries", "a SendLocalList goes out with every entry twice (OCPP 1.6 §5.15: unique idTags)")
    LOCAL_LIST_VERSION_NOT_RAISED = SWITCHES.fault(
        "local_list_version_not_raised", "a Differential SendLocalList goes out with listVersion 1, whatever the list's")
    REMOTE_START_CONNECTOR_ZERO = SWITCHES.fault(
        "remote_start_connector_zero", "RemoteStartTransaction is sent with connectorId 0")
    REMOTE_STOP_OTHER_TRANSACTION = SWITCHES.fault(
        "remote_stop_other_transaction", "RemoteStopTransaction names the transactionId after the one asked for")
    RESET_TYPE_SWAPPED = SWITCHES.fault(
        "reset_type_swapped", "Reset is sent with the other type (Hard for Soft, Soft for Hard)")
    UNLOCK_OTHER_CONNECTOR = SWITCHES.fault(
        "unlock_other_connector", "UnlockConnector names the connector after the one asked for")
    GET_CONFIGURATION_NAMES_KEYS = SWITCHES.fault(
        "get_configuration_names_keys", "GetConfiguration without keys is sent naming HeartbeatInterval")
    GET_CONFIGURATION_DROPS_KEYS = SWITCHES.fault(
        "get_configuration_drops_keys", "GetConfiguration is sent without the keys asked for")
    CHANGE_CONFIGURATION_WRONG_VALUE = SWITCHES.fault(
        "change_configuration_wrong_value", "ChangeConfiguration is sent with a 0 appended to the value")

    LOG_LOCATION_CHANGED = SWITCHES.fault(
        "log_location_changed",
        "the operator's GetLog goes out with a remoteLocation of its own (a subdirectory added), not the one given")
    LOG_STATUS_ERROR = SWITCHES.fault(
        "log_status_error", "LogStatusNotification is answered with CALLERROR InternalError")
    INSTALL_CERTIFICATE_OTHER_TYPE = SWITCHES.fault(
        "install_certificate_other_type",
        "the operator's InstallCertificate goes out with the other certificateType than the one asked for")
    INSTALL_LEAF_CERTIFICATE = SWITCHES.fault(
        "install_leaf_certificate", "InstallCertificate carries its TLS server certificate, not a root CA certificate")
    CERTIFICATE_SIGNED_FOR_OTHER_KEY = SWITCHES.fault(
        "certificate_signed_for_other_key",
        "the certificate it signs for a SignCertificate.req is for a key of its own, not the CSR's")
    TRIGGER_WITH_CONNECTOR = SWITCHES.fault(
        "trigger_with_connector", "the operator's ExtendedTriggerMessage goes out with connectorId 1")
    SECURITY_EVENT_CALLERROR = SWITCHES.fault(
        "security_event_callerror", "SecurityEventNotification is answered with CALLERROR InternalError")
    DELETE_CERTIFICATE_HASH_OVER_KEY_INFO = SWITCHES.fault(
        "delete_certificate_hash_over_key_info",
        "DeleteCertificate's issuerKeyHash is computed over the whole SubjectPublicKeyInfo, not the key bits")

    FIRMWARE_STATUS_ERROR = SWITCHES.fault(
        "firmware_status_error", "FirmwareStatusNotification is answered with CALLERROR InternalError")
    DIAGNOSTICS_STATUS_ERROR = SWITCHES.fault(
        "diagnostics_status_error", "DiagnosticsStatusNotification is answered with CALLERROR InternalError")
    FIRMWARE_LOCATION_CHANGED = SWITCHES.fault(
        "firmware_location_changed",
        "the operator's UpdateFirmware goes out with a location of its own (the file name replaced), not the one given")
    DIAGNOSTICS_LOCATION_CHANGED = SWITCHES.fault(
        "diagnostics_location_changed",
        "the operator's GetDiagnostics goes out with a location of its own (a subdirectory added), not the one given")
    # Reservations and triggers its operator asks for (reservations.py), and how it answers
    # what uses a reservation.
    RESERVE_OTHER_CONNECTOR = SWITCHES.fault(
        "reserve_other_connector", "ReserveNow names the connector after the one asked for (0 becomes 1)")
    RESERVE_CONNECTOR_ZERO = SWITCHES.fault(
        "reserve_connector_zero", "ReserveNow is sent for connector 0 (the whole charge point), whatever was asked")
    RESERVATION_DEFAULT_EXPIRY = SWITCHES.fault(
        "reservation_default_expiry", "ReserveNow carries an expiryDate an hour from now, not the one asked for")
    RESERVATION_NAIVE_EXPIRY = SWITCHES.fault(
        "reservation_naive_expiry", "ReserveNow carries the expiryDate asked for without its zone designator")
    RESERVE_NOW_WITHOUT_PARENT = SWITCHES.fault(
        "reserve_now_without_parent", "ReserveNow leaves out the parentIdTag it holds for the idTag")
    PARENT_ID_TAG_OMITTED = SWITCHES.fault(
        "parent_id_tag_omitted", "idTagInfo never carries the parentIdTag it holds for an idTag")
    START_ON_RESERVATION_INVALID = SWITCHES.fault(
        "start_on_reservation_invalid", "a StartTransaction that names a reservationId is answered idTagInfo Invalid")
    CANCEL_OTHER_RESERVATION = SWITCHES.fault(
        "cancel_other_reservation", "CancelReservation names the reservationId after the one asked for")
    CANCEL_UNKNOWN_AS_HELD = SWITCHES.fault(
        "cancel_unknown_as_held",
        "CancelReservation for a reservationId it never handed out names the charge point's open reservation instead")
    TRIGGER_WITHOUT_CONNECTOR = SWITCHES.fault(
        "trigger_without_connector", "TriggerMessage is sent without the connectorId asked for")
    TRIGGER_KNOWN_CONNECTORS_ONLY = SWITCHES.fault(
        "trigger_known_connectors_only",
        "TriggerMessage for a connector the charge point has reported no status of is sent without connectorId")


    # -- SmartCharging
    PROFILE_WITHOUT_VALIDITY = SWITCHES.fault(
        "profile_without_validity", "a charging profile the operator sets is sent without validFrom and validTo")
    TX_PROFILE_WITHOUT_TRANSACTION_ID = SWITCHES.fault(
        "tx_profile_without_transaction_id", "a TxProfile the operator sets is sent without the transactionId")
    REMOTE_START_PROFILE_WITH_TRANSACTION_ID = SWITCHES.fault(
        "remote_start_profile_with_transaction_id",
        "the TxProfile of a remote start names a transactionId (the transaction does not exist yet)")
    COMPOSITE_SCHEDULE_WITHOUT_UNIT = SWITCHES.fault(
        "composite_schedule_without_unit", "GetCompositeSchedule is sent without the chargingRateUnit asked for")
    PROFILE_STACK_LEVEL_OFF = SWITCHES.fault(
        "profile_stack_level_off", "a charging profile the operator sets is sent one stackLevel higher than asked")
    REMOTE_START_PROFILE_ABSOLUTE = SWITCHES.fault(
        "remote_start_profile_absolute", "the TxProfile of a remote start is Absolute, not Relative")
    CLEAR_BY_CRITERIA_WITHOUT_STACK_LEVEL = SWITCHES.fault(
        "clear_by_criteria_without_stack_level", "ClearChargingProfile by criteria leaves the stackLevel out")
    CLEAR_BY_ID_WITH_CRITERIA = SWITCHES.fault(
        "clear_by_id_with_criteria", "ClearChargingProfile by id names a connectorId too")

class Mode:
    """What the reference central system may do otherwise, as the specification allows."""

    LOCAL_LIST_VERSION_FIRST = SWITCHES.mode(
        "local_list_version_first",
        "before an operator's Differential SendLocalList it asks the charge point for its list's version")

    MESSAGE_IDS_PER_CONNECTION = SWITCHES.mode(
        "message_ids_per_connection",
        "CALL message ids count from 1 again on every new connection (OCPP-J 1.6 asks unique ids per connection)")
    CLOSES_WITHOUT_SUBPROTOCOL = SWITCHES.mode(
        "closes_without_subprotocol",
        "a handshake that does not offer ocpp1.6 is upgraded without a subprotocol and closed at once "
        "(OCPP-J 1.6 §3.1.2), instead of refused with HTTP 400")
    CONFIGURES_ON_ITS_OWN = SWITCHES.mode(
        "configures_on_its_own",
        "before each request its operator asks for, it reads HeartbeatInterval (GetConfiguration), sets it to the "
        "interval it gave at boot (ChangeConfiguration), asks for a Heartbeat (TriggerMessage), clears the cache and "
        "sends a DataTransfer, as a back-end does on its own")


FAULTS: dict[str, str] = SWITCHES.meanings("fault")
MODES: dict[str, str] = SWITCHES.meanings("mode")
