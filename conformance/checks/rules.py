"""Every rule the suite judges a SUT by: its name, what it means, how strong it is, where it comes from.

A failure or a finding names its rule by one of the constants below, and reports print the
rule's meaning and source next to the verdict. Naming a rule the registry does not hold is the
suite's own mistake (`UnregisteredRule`), caught when the failure is made, not when a report
is read. docs/rules.md and the README's list of always-on checks are generated from here
(`python -m conformance.docs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .verdicts import UnregisteredRule


class Strength(StrEnum):
    MUST = "MUST"       # broken: the case fails
    SHOULD = "SHOULD"   # broken: the case passes with a warning


class Checked(StrEnum):
    """Where the rule is judged."""

    FRAME = "every frame"
    STEP = "a case's steps"
    TRANSPORT = "security profiles"
    ROBUSTNESS = "robustness suites"
    BEYOND = "checks beyond the plan"
    LOAD = "load runs"


@dataclass(frozen=True)
class Rule:
    name: str
    strength: Strength
    checked: Checked
    meaning: str
    source: str


RULES: dict[str, Rule] = {}

_MUST, _SHOULD = Strength.MUST, Strength.SHOULD
_WHITEPAPER = "OCPP 1.6 Security Whitepaper (edition 3)"


def _rule(name: str, strength: Strength, checked: Checked, meaning: str, source: str) -> str:
    if name in RULES:
        raise ValueError(f"rule {name} registered twice")
    RULES[name] = Rule(name, strength, checked, meaning, source)
    return name


def rule_named(name: str) -> Rule:
    """The registered rule; any other name is a mistake of the code that judged."""
    try:
        return RULES[name]
    except KeyError:
        raise UnregisteredRule(f"{name!r} is not a rule of conformance.checks.rules") from None


def lookup(name: str) -> Rule | None:
    """The rule a report names, if it is one (a broken case names an error class instead)."""
    return RULES.get(name)


# -- every frame and every connection ---------------------------------------------------------------

_FRAME = Checked.FRAME

FRAME_IS_OCPP_J = _rule(
    "frame_is_ocpp_j", _MUST, _FRAME,
    "a frame is an OCPP-J message: a JSON array with MessageTypeId 2, 3 or 4, the elements of its type, "
    "a string UniqueId of at most 36 characters and an object payload",
    "OCPP-J 1.6 §4.1.3 (message type), §4.1.4 (message ID), §4.2 (CALL, CALLRESULT, CALLERROR)")
ANSWER_MATCHES_PENDING_CALL = _rule(
    "answer_matches_pending_call", _MUST, _FRAME,
    "a CALLRESULT or CALLERROR carries the UniqueId of the CALL the harness has outstanding",
    "OCPP-J 1.6 §4.2.2, §4.2.3 (the answer repeats the UniqueId of its CALL)")
UNIQUE_ID_NOT_REUSED = _rule(
    "unique_id_not_reused", _MUST, _FRAME,
    "the SUT gives none of its CALLs the UniqueId of an earlier CALL on the same connection, in whichever case "
    "it came (remembered per SUT for the run, the last 100000)",
    "OCPP-J 1.6 §4.1.4 (different from all message IDs the sender used for CALLs on the same WebSocket connection)")
CALLERROR_CODE_IS_OCPP16 = _rule(
    "callerror_code_is_ocpp16", _MUST, _FRAME,
    "a CALLERROR's code is one of OCPP-J 1.6's, spelled as 1.6 spells them (FormationViolation, "
    "OccurenceConstraintViolation)",
    "OCPP-J 1.6 §4.2.3")
ACTION_IS_OCPP16 = _rule(
    "action_is_ocpp16", _MUST, _FRAME,
    "the SUT starts only actions OCPP 1.6 defines",
    "OCPP 1.6 §4 and §5 (the operations); OCPP-J 1.6 §4.2.3 (NotImplemented)")
ACTION_DIRECTION = _rule(
    "action_direction", _MUST, _FRAME,
    "the SUT starts only the actions its role initiates",
    "OCPP 1.6 §4 (operations initiated by the Charge Point), §5 (initiated by the Central System)")
PAYLOAD_MATCHES_SCHEMA = _rule(
    "payload_matches_schema", _MUST, _FRAME,
    "a request, and an answer to the harness's request, is valid against the official OCPP 1.6 JSON schema "
    "of its action; decimals (multipleOf 0.1) are judged on the number the JSON text writes",
    "OCPP 1.6 §6 (messages) and §7 (types), as the OCPP-J 1.6 JSON schemas state them")
DATETIME_IS_UTC_RFC3339 = _rule(
    "datetime_is_utc_rfc3339", _MUST, _FRAME,
    "every field the schema declares date-time is RFC 3339 in UTC, as [checks] timestamps of the SUT "
    "description sets",
    "OCPP 1.6 §3, time zones and time notations (UTC); the JSON schemas' format date-time (RFC 3339 §5.6)")
ONE_OUTSTANDING_CALL = _rule(
    "one_outstanding_call", _SHOULD, _FRAME,
    "the SUT sends no CALL within 5 s of one of its CALLs the harness has not answered yet",
    "OCPP-J 1.6 §4.1.1 (synchronicity: SHOULD NOT)")
FRAME_SIZE = _rule(
    "frame_size", _MUST, _FRAME,
    "a frame fits the harness's limit of 1 MiB; a larger one is closed with 1009",
    "RFC 6455 §7.4.1 (1009, message too big); the limit is the harness's, OCPP-J 1.6 sets none")
WEBSOCKET_HANDSHAKE = _rule(
    "websocket_handshake", _MUST, _FRAME,
    "the SUT's WebSocket handshake offers or accepts the subprotocol ocpp1.6, on the charge point's URL, "
    "with the credentials of its security profile",
    f"OCPP-J 1.6 §3.1 (client request), §3.2 (server response); {_WHITEPAPER}, the security profiles")
METER_REGISTER_NOT_DECREASING = _rule(
    "meter_register_not_decreasing", _MUST, _FRAME,
    "a charge point's energy register (Energy.Active.Import.Register, Wh or kWh, per phase and location, in "
    "timestamp order) never goes down within a transaction, from meterStart to meterStop",
    "OCPP 1.6 §4.7 (Meter Values), §7 (Measurand: the energy register), §6.45 and §6.49 (meterStart, meterStop: "
    "the register in Wh)")
METER_VALUES_NAME_TRANSACTION = _rule(
    "meter_values_name_transaction", _SHOULD, _FRAME,
    "a charge point's sampled MeterValues (Sample.Periodic) for a connector with a running transaction carry its "
    "transactionId",
    "OCPP 1.6 §3.7 (transaction-related messages), §4.7 (Meter Values), §6.31 (MeterValues.req transactionId)")
TRANSACTION_ID_UNIQUE = _rule(
    "transaction_id_unique", _MUST, _FRAME,
    "a central system gives no transactionId twice in a run: not to two open transactions, and not again after "
    "the transaction stopped (remembered per SUT, the last 1000)",
    "OCPP 1.6 §4.8 (Start Transaction), §6.46 (StartTransaction.conf transactionId: the id of the transaction)")

# -- the steps of a case ------------------------------------------------------------------------------

_STEP = Checked.STEP
_PLAN = "OCPP 1.6 test case document: the case's step and its tool validations"

CONFORMANCE = _rule(
    "conformance", _MUST, _STEP,
    "a requirement of the case's plan, not named more precisely",
    _PLAN)
EXPECTED_MESSAGE = _rule(
    "expected_message", _MUST, _STEP,
    "at a step the SUT sends the message the plan expects there, and none the plan rules out before it",
    _PLAN)
TRANSACTION_AS_PLANNED = _rule(
    "transaction_as_planned", _MUST, _STEP,
    "the SUT authorizes, starts or stops a transaction only where the case's steps do: an Authorize, "
    "StartTransaction or StopTransaction no step names fails, in a window where the plan has none too",
    f"{_PLAN}; OCPP 1.6 §4.1 (Authorize), §4.8 (StartTransaction), §4.10 (StopTransaction)")
STATUS_TRANSITION = _rule(
    "status_transition", _MUST, _STEP,
    "a StatusNotification no step names reports a status its connector may reach from the one it last reported "
    "(a repeat is no transition); connector 0 reports only Available, Unavailable or Faulted",
    "OCPP 1.6 §4.9 (StatusNotification: the table of state transitions), §7.7 (ChargePointStatus)")
STATUS_DURING_TRANSACTION = _rule(
    "status_during_transaction", _MUST, _STEP,
    "a connector charging in the case's open transaction does not report Available in a StatusNotification no "
    "step names: its session ends only where the steps end it",
    f"OCPP 1.6 §4.9 (Available: no session on the connector); {_PLAN}")
PAYLOAD_MATCHES_EXPECTATION = _rule(
    "payload_matches_expectation", _MUST, _STEP,
    "a message holds the field values the plan validates at the step",
    _PLAN)
MESSAGE_WITHIN_DEADLINE = _rule(
    "message_within_deadline", _MUST, _STEP,
    "what a step expects comes within the timeouts of the SUT description",
    f"{_PLAN}; the SUT description's [test_data] timeouts")
TIMING = _rule(
    "timing", _MUST, _STEP,
    "an interval the SUT keeps (heartbeat, boot retry, meter values, ConnectionTimeOut) matches its configured "
    "value within the tolerance",
    "OCPP 1.6 §9.1 (the interval configuration keys), §4.2 (BootNotification interval), as the case's step "
    "applies them")
NO_CALLERROR = _rule(
    "no_callerror", _MUST, _STEP,
    "the SUT answers the harness's request with a CALLRESULT, not a CALLERROR",
    f"{_PLAN} (the operation's .conf, OCPP 1.6 §4 and §5)")
CONNECTION_KEPT = _rule(
    "connection_kept", _MUST, _STEP,
    "the SUT keeps the connection open while a step needs it",
    f"{_PLAN}; OCPP-J 1.6 §3 (one WebSocket connection carries the conversation)")
OFFLINE_TIMESTAMP_KEPT = _rule(
    "offline_timestamp_kept", _MUST, _STEP,
    "a central system records a transaction message a charge point queued while offline at the timestamp the "
    "message carries, not at the time it arrived",
    "OCPP 1.6 §4.8 (Start Transaction; the timestamp of StartTransaction.req: when it started); test case document "
    "TC_037_1_CSMS (its purpose: queued transaction messages)")
DATA_TRANSFER_NOT_ACCEPTED = _rule(
    "data_transfer_not_accepted", _SHOULD, _STEP,
    "a charge point does not accept a DataTransfer for a vendorId it does not support",
    "OCPP 1.6 §5.6 (Data Transfer); test case document TC_062_CS step 2 (Accepted: a warning)")
DATA_TRANSFER_UNKNOWN_VENDOR = _rule(
    "data_transfer_unknown_vendor", _SHOULD, _STEP,
    "a central system does not accept a DataTransfer for a vendorId it does not know",
    "OCPP 1.6 §4.3 (Data Transfer); test case document TC_064_CSMS step 2 (Accepted: a warning)")
FILE_TRANSFER_AS_REPORTED = _rule(
    "file_transfer_as_reported", _MUST, _STEP,
    "a charge point's firmware or diagnostics status tells what reached the file server: Downloaded after the whole "
    "file was fetched from the location it was given, Uploaded after its file arrived at the location it was given",
    "OCPP 1.6 §4.4 (Diagnostics Status Notification), §4.5 (Firmware Status Notification), §5.9 (Get Diagnostics), "
    "§5.19 (Update Firmware); test case document TC_044_1_CS, TC_045_1_CS (expected results)")
FILE_TRANSFER_RETRIES = _rule(
    "file_transfer_retries", _MUST, _STEP,
    "a charge point tries a download or an upload no more than retries + 1 times before it reports it failed",
    "OCPP 1.6 §5.9 (Get Diagnostics: retries), §5.19 (Update Firmware: retries); test case document TC_044_2_CS, "
    "TC_045_2_CS (step 1: retries is 0)")

COMPOSITE_SCHEDULE = _rule(
    "composite_schedule_as_computed", _MUST, _STEP,
    "a GetCompositeSchedule.conf starts within the configured time deviation of now and its periods equal the "
    "composite the suite computes from the profiles it installed (stack levels, ChargePointMaxProfile as the "
    "upper bound, a TxProfile over TxDefaultProfile, the requested duration and unit), within the SUT file's "
    "tolerances",
    "OCPP 1.6 §3.13 (Smart Charging), §5.7 (Get Composite Schedule), §7.13-§7.16 (ChargingProfile, "
    "ChargingSchedule); test case document TC_056_CS to TC_082_CS (chargingSchedulePeriod computed accordingly)")

# -- the security profiles -----------------------------------------------------------------------------

_TRANSPORT = Checked.TRANSPORT
_PROFILE_1 = f"{_WHITEPAPER}, Unsecured Transport with Basic Authentication"
_PROFILE_2 = f"{_WHITEPAPER}, TLS with Basic Authentication"
_PROFILE_3 = f"{_WHITEPAPER}, TLS with Client Side Certificates"
_CERTIFICATES = f"{_WHITEPAPER}, Certificate Properties"

TRANSPORT_SECURITY = _rule(
    "transport_security", _MUST, _TRANSPORT,
    "a rule of the security profiles, not named more precisely",
    _WHITEPAPER)
BASIC_AUTH_HEADER = _rule(
    "basic_auth_header", _MUST, _TRANSPORT,
    "the charge point's upgrade request carries Authorization: Basic with the charge point identity of the URL "
    "as user and the AuthorizationKey as password",
    f"{_PROFILE_1}; RFC 7617; test case document TC_085_CS, TC_086_CS")
AUTHORIZATION_KEY_LENGTH = _rule(
    "authorization_key_length", _MUST, _TRANSPORT,
    "the AuthorizationKey the charge point sends has 16 to 20 characters",
    f"{_PROFILE_1}; test case document TC_085_CS")
TLS_VERSION = _rule(
    "tls_version", _MUST, _TRANSPORT,
    "with security profile 2 or 3 the connection uses TLS 1.2 or higher, never an older version or none",
    f"{_PROFILE_2}; test case document TC_086_CS, TC_086_CSMS, TC_087_CSMS")
TLS_CIPHER_SUITES = _rule(
    "tls_cipher_suites", _MUST, _TRANSPORT,
    "a charge point offers both ECDSA or both RSA suites of the whitepaper; a central system serves all four",
    f"{_PROFILE_2}; test case document TC_086_CS, TC_086_CSMS")
CLIENT_CERTIFICATE = _rule(
    "client_certificate", _MUST, _TRANSPORT,
    "with security profile 3 the charge point presents a certificate with a serial number, its identity as "
    "subject CN, the operator as O and a key of the required size",
    f"{_PROFILE_3}; {_CERTIFICATES}; test case document TC_087_CS")
SERVER_CERTIFICATE = _rule(
    "server_certificate", _MUST, _TRANSPORT,
    "the central system's certificate has a serial number, the host of its URL as subject CN and a key of the "
    "required size",
    f"{_CERTIFICATES}; test case document TC_086_CSMS, TC_087_CSMS")
AUTHORIZATION_KEY_USED = _rule(
    "authorization_key_used", _MUST, _TRANSPORT,
    "after the central system sets a new AuthorizationKey, the charge point reconnects with it",
    f"{_PROFILE_1}; test case document TC_073_CS")
SECURITY_PROFILE_UPGRADED = _rule(
    "security_profile_upgraded", _MUST, _TRANSPORT,
    "after SecurityProfile is raised to 3, the charge point reconnects with a client certificate",
    f"{_PROFILE_3}; test case document TC_083_CS")
WEBSOCKET_SUBPROTOCOL = _rule(
    "websocket_subprotocol", _MUST, _TRANSPORT,
    "the central system refuses a handshake that offers no OCPP version it supports, and selects ocpp1.6 "
    "from several offered",
    "OCPP-J 1.6 §3.1.2 (OCPP version); test case document TC_088_CSMS")
BASIC_AUTH_CHECKED = _rule(
    "basic_auth_checked", _MUST, _TRANSPORT,
    "the central system refuses an upgrade without credentials or with a wrong AuthorizationKey",
    f"{_PROFILE_1}; test case document TC_085_CSMS")
CLIENT_CERTIFICATE_REQUIRED = _rule(
    "client_certificate_required", _MUST, _TRANSPORT,
    "with security profile 3 the central system refuses a TLS connection without a client certificate",
    f"{_PROFILE_3}; test case document TC_087_CSMS")
CLIENT_CERTIFICATE_CHECKED = _rule(
    "client_certificate_checked", _MUST, _TRANSPORT,
    "the central system refuses a client certificate that is self-signed, of another root, expired or for "
    "another charge point",
    f"{_PROFILE_3}; {_CERTIFICATES} (the robustness suite's hostile certificates)")
AUTHORIZATION_KEY_HEX = _rule(
    "authorization_key_hex", _MUST, _TRANSPORT,
    "the AuthorizationKey the central system sets is the hex encoding of the key",
    f"{_PROFILE_1}; test case document TC_073_CSMS")
NEW_AUTHORIZATION_KEY_ACCEPTED = _rule(
    "new_authorization_key_accepted", _MUST, _TRANSPORT,
    "the central system accepts a reconnect with the AuthorizationKey it has just set",
    f"{_PROFILE_1}; test case document TC_073_CSMS")
HIGHER_PROFILE_ACCEPTED = _rule(
    "higher_profile_accepted", _MUST, _TRANSPORT,
    "after raising a charge point's security profile, the central system accepts its reconnect on the new one",
    f"{_WHITEPAPER}, the security profiles; test case document TC_083_CSMS")
LOWER_PROFILE_REFUSED = _rule(
    "lower_profile_refused", _MUST, _TRANSPORT,
    "after raising a charge point's security profile, the central system refuses a reconnect on the old one",
    f"{_WHITEPAPER}, the security profiles (no fallback to a lower one); test case document TC_083_CSMS")

# -- certificate management (Security extension) -------------------------------------------------------

_CERTIFICATE_MANAGEMENT = f"{_WHITEPAPER}, Certificate Management (InstallCertificate, GetInstalledCertificateIds, " \
                          "DeleteCertificate; CertificateHashDataType)"

CERTIFICATE_HASH_DATA = _rule(
    "certificate_hash_data", _MUST, _STEP,
    "certificateHashData names a certificate by the hash of its issuer's DER name, the hash of its issuer's public "
    "key bits and its serial number in hexadecimal, in the hashAlgorithm it states; the suite computes them itself",
    f"{_CERTIFICATE_MANAGEMENT}; test case document TC_075_1, TC_075_2, TC_076")
CERTIFICATE_STORE = _rule(
    "certificate_store", _MUST, _STEP,
    "a certificate the charge point accepted to install is listed by GetInstalledCertificateIds for its type; one "
    "it accepted to delete is listed no more",
    f"{_CERTIFICATE_MANAGEMENT}; test case document TC_075_1_CS, TC_075_2_CS, TC_076_CS")
CERTIFICATE_SIGNING_REQUEST = _rule(
    "certificate_signing_request", _MUST, _STEP,
    "the csr of a SignCertificate.req is a PKCS#10 request in PEM whose signature verifies, with the charge point "
    "identity as subject CN, CpoName as O and a key of the whitepaper's size",
    f"{_WHITEPAPER}, Certificate Properties and Update Charge Point Certificate by request of Central System; "
    "test case document TC_074, TC_077")
NEW_CERTIFICATE_USED = _rule(
    "new_certificate_used", _MUST, _STEP,
    "after accepting a signed certificate with security profile 3, the charge point reconnects and presents the "
    "new certificate",
    f"{_WHITEPAPER}, Update Charge Point Certificate by request of Central System; test case document TC_074_CS "
    "step 7")
SECURITY_EVENT_REPORTED = _rule(
    "security_event_reported", _MUST, _STEP,
    "a charge point that refuses a certificate reports it in a SecurityEventNotification of the whitepaper's type "
    "(InvalidChargePointCertificate, InvalidCentralSystemCertificate)",
    f"{_WHITEPAPER}, Security Events (the list of security events); test case document TC_077_CS, TC_078_CS")
SIGNED_CERTIFICATE_SENT = _rule(
    "signed_certificate_sent", _MUST, _STEP,
    "the central system answers a valid CSR with a CertificateSigned.req whose chain starts with a certificate for "
    "the CSR's key and the charge point identity, valid now, and accepts the charge point's connection with it",
    f"{_WHITEPAPER}, Update Charge Point Certificate by request of Central System; test case document TC_074_CSMS, "
    "TC_077_CSMS")
ROOT_CERTIFICATE_SENT = _rule(
    "root_certificate_sent", _MUST, _STEP,
    "the certificate a central system installs is one X.509 root CA certificate in PEM (self-signed, a CA, valid "
    "now) of the type asked for, the configured one where the SUT description names it",
    f"{_CERTIFICATE_MANAGEMENT}; test case document TC_075_1_CSMS, TC_075_2_CSMS")

# -- the robustness suites ------------------------------------------------------------------------------

_ROBUSTNESS = Checked.ROBUSTNESS
_POLICY = "the suite's policy table (docs/robustness.md)"

ROBUSTNESS = _rule(
    "robustness", _MUST, _ROBUSTNESS,
    "a robustness property, not named more precisely",
    _POLICY)
ROBUSTNESS_CONNECTION_KEPT = _rule(
    "robustness_connection_kept", _MUST, _ROBUSTNESS,
    "no example, however malformed, costs the connection",
    f"OCPP-J 1.6 §4.2.3 (what cannot be handled is answered with a CALLERROR); {_POLICY}")
ROBUSTNESS_STILL_ANSWERS = _rule(
    "robustness_still_answers", _MUST, _ROBUSTNESS,
    "after every example the SUT still answers a simple request with a CALLRESULT",
    _POLICY)
ROBUSTNESS_VALID_REQUEST = _rule(
    "robustness_valid_request", _MUST, _ROBUSTNESS,
    "a schema-valid request is not refused with a CALLERROR code only an invalid one deserves",
    f"OCPP-J 1.6 §4.2.3; {_POLICY}")
ROBUSTNESS_INVALID_REQUEST = _rule(
    "robustness_invalid_request", _MUST, _ROBUSTNESS,
    "a request that breaks its schema is answered with a CALLERROR whose code fits the broken constraint",
    f"OCPP-J 1.6 §4.2.3; {_POLICY}")
ROBUSTNESS_FRAME = _rule(
    "robustness_frame", _MUST, _ROBUSTNESS,
    "a malformed frame gets an answer the policy table accepts for it (a fitting CALLERROR, or silence where "
    "OCPP-J is silent)",
    f"OCPP-J 1.6 §4.1.3, §4.1.4, §4.2.3; {_POLICY}")
ROBUSTNESS_VALID_TIMESTAMP = _rule(
    "robustness_valid_timestamp", _MUST, _ROBUSTNESS,
    "a request whose dateTime is in a valid UTC form (offset +00:00, fractions, lowercase designators) is "
    "accepted",
    "OCPP 1.6 §3, time notations; RFC 3339 §5.6")

# -- the checks beyond the plan (testcases/beyond, --beyond) ----------------------------------------------

_BEYOND = Checked.BEYOND

READ_ONLY_KEY_REJECTED = _rule(
    "read_only_key_rejected", _MUST, _BEYOND,
    "a charge point answers ChangeConfiguration of a key it reports read-only with Rejected",
    "OCPP 1.6 §5.3 (Change Configuration: a key that cannot be set is Rejected), §9.1 (accessibility R)")
UNKNOWN_KEY_REPORTED = _rule(
    "unknown_key_reported", _MUST, _BEYOND,
    "a charge point lists every requested key it does not know in GetConfiguration.conf unknownKey",
    "OCPP 1.6 §5.8 (Get Configuration), §6.24 (GetConfiguration.conf unknownKey)")
INOPERATIVE_SCHEDULED = _rule(
    "inoperative_scheduled", _MUST, _BEYOND,
    "a charge point answers ChangeAvailability Inoperative for a connector with a running transaction with "
    "Scheduled, and makes the change when the transaction ends",
    "OCPP 1.6 §5.2 (Change Availability), §6.8 (ChangeAvailability.conf)")
STOP_ID_TAG_STATUS = _rule(
    "stop_id_tag_status", _MUST, _BEYOND,
    "a central system's StopTransaction.conf for a StopTransaction with an idTag gives that idTag's status: "
    "Blocked for a blocked one, not Accepted",
    "OCPP 1.6 §4.10 (Stop Transaction), §6.50 (StopTransaction.conf idTagInfo)")
STOP_ID_TAG_INFO_GIVEN = _rule(
    "stop_id_tag_info_given", _SHOULD, _BEYOND,
    "a central system's StopTransaction.conf for a StopTransaction with an idTag carries idTagInfo (optional only "
    "because a transaction may be stopped without an idTag)",
    "OCPP 1.6 §6.50 (StopTransaction.conf idTagInfo, 0..1, and why it is optional)")

# -- load runs (ocpp-conformance load): judged across every simulated charge point ----------------------

_LOAD = Checked.LOAD

LOAD_TRANSACTION_ID_UNIQUE = _rule(
    "load_transaction_id_unique", _MUST, _LOAD,
    "among all the simulated charge points of a load run, no two transactions open at the same time share a "
    "transactionId",
    "OCPP 1.6 §4.8 (Start Transaction), §6.46 (StartTransaction.conf transactionId: the id of the transaction)")
LOAD_BOOT_ANSWERED = _rule(
    "load_boot_answered", _MUST, _LOAD,
    "every BootNotification of every simulated charge point is answered within the message timeout with a "
    "CALLRESULT: Accepted, or Pending or Rejected with an interval above 0 for the retry to wait",
    "OCPP 1.6 §4.2 (Boot Notification: Pending and Rejected, the interval before the next attempt), "
    "§6.5 (BootNotification.conf)")
LOAD_HEARTBEAT_INTERVAL = _rule(
    "load_heartbeat_interval", _MUST, _LOAD,
    "the heartbeat interval a central system gives in an Accepted BootNotification.conf is above 0, so that a "
    "charge point can keep it",
    "OCPP 1.6 §4.2 (interval: the heartbeat interval in seconds once Accepted), §4.6 (Heartbeat)")
LOAD_CONNECTION_KEPT = _rule(
    "load_connection_kept", _MUST, _LOAD,
    "the central system turns no simulated charge point away and drops no connection without a reason: a refusal "
    "answers the upgrade with an HTTP status, a close sends a close frame; refusals and closes with a reason count "
    "against [load] error_budget",
    "OCPP-J 1.6 §3 (the WebSocket connection), RFC 6455 §7 (closing the connection: the close frame and its code)")
