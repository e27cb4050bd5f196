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


class Mode:
    """What the reference central system may do otherwise, as the specification allows."""

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
