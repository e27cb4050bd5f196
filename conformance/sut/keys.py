"""What each key of the SUT description means, for the people who write one.

The loader (conformance.sut.profile, `_SCHEMA`) decides which keys exist and their types;
TestData and CAPABILITIES their defaults. This module adds the words: docs/sut-file.md and
the templates fixtures/suts/template-*.toml are generated from the three together
(`python -m conformance.docs`), and a test fails for a key the loader accepts that has no
meaning here.
"""

from __future__ import annotations

from dataclasses import dataclass

CP, CSMS = "charge-point", "central-system"


@dataclass(frozen=True)
class Key:
    meaning: str
    # As the docs show the default; None: the loader's own (TestData, CAPABILITIES), or unset.
    default: str | None = None
    roles: tuple[str, ...] = (CP, CSMS)        # the SUT roles the key is for
    example: str | None = None                 # a TOML value the templates show set
    required: bool = False


# What each table is for, in the order a SUT file is read.
TABLES: dict[str, str] = {
    "sut": "Who the SUT is and how the harness meets it. Required.",
    "security": "The security profile of the OCPP 1.6 Security Whitepaper and its credentials.",
    "capabilities": "What the SUT declares it implements: it decides which cases apply (the others are "
                    "\"not applicable\", naming the statement; `ocpp-conformance list --sut FILE` shows it for "
                    "every case). Yes/no statements must equal what a case is for, a number is at least what a "
                    "case needs, a list must hold the names a case needs; a feature of a profile the file does "
                    "not declare is a set-up error naming both keys.",
    "test_data": "Bounds of every wait, intervals, idTags and values the cases use. Times in seconds.",
    "checks": "How strictly the always-on checks judge the SUT's frames.",
    "actions": "How operator actions (what a person does to the SUT) are carried out.",
    "file_server": "The harness's file server for the firmware and diagnostics cases (docs/file-server.md): "
                   "how the SUT transfers files and at which address it reaches the server.",
    "load": "Central system SUT: the load runs of `ocpp-conformance load` (docs/load.md).",
    "robustness": "The robustness suites (`ocpp-conformance run --robustness`, docs/robustness.md).",
    "reference": "Only for the built-in reference SUTs (`[actions] driver = \"reference\"`).",
    "notes": "Free-form strings (any key): versions, documented deviations, open questions. No check reads them.",
}

KEYS: dict[str, dict[str, Key]] = {
    "sut": {
        "role": Key("`\"charge-point\"` (the harness plays the central system) or `\"central-system\"` (the harness "
                    "plays a charge point)", "required", required=True),
        "charge_point_id": Key("the charge point identity: the last path segment of the URL and the basic auth user "
                               "name; not empty, no `/`", "required", example='"CP_1"', required=True),
        "listen": Key("charge point SUT: where the harness listens, `ws://host:port[/path]` (`wss://` with profiles 2 "
                      "and 3); the charge point connects to `{listen}/{charge_point_id}`. 127.0.0.1 takes only this "
                      "machine's connections: a charger on the LAN needs this machine's LAN address",
                      "required for a charge point", roles=(CP,), example='"ws://127.0.0.1:9000/ocpp"', required=True),
        "url": Key("central system SUT: where the harness connects, `{url}/{charge_point_id}`, or a template holding "
                   "`{charge_point_id}` (e.g. `\"ws://host:8080/ocpp/{charge_point_id}/\"` for a trailing slash)",
                   "required for a central system", roles=(CSMS,), example='"ws://127.0.0.1:9000/ocpp"',
                   required=True),
        "name": Key("a label for reports", "the file name"),
    },
    "security": {
        "profile": Key("0 none, 1 HTTP basic auth (user name = charge point id), 2 TLS + basic auth, 3 TLS + client "
                       "certificate (docs/tls.md); 2 and 3 need `wss://`, 0 and 1 `ws://`", "0"),
        "password": Key("profiles 1 and 2: the basic auth password (16 to 20 characters); with profile 0 or 3 an "
                        "error, not a silent basic auth. Never shown in reports"),
        "password_env": Key("instead of `password`: the name of an environment variable holding it, read when a run "
                            "starts (not by `list`); wins when both are given"),
        "ca_certificate": Key("PEM root(s) the SUT's certificate must chain to, relative to the SUT file. Central "
                              "system SUT: the root of its server certificate (required with 2 and 3). Charge point "
                              "SUT, profile 3: the root of its client certificate (required)"),
        "ca_private_key": Key("charge point SUT: the PEM key of `ca_certificate`, with which the harness signs the "
                              "certificate the charge point asks for in TC_083_CS, TC_074_CS and TC_077_CS; "
                              "without it those cases are broken",
                              roles=(CP,)),
        "certificate": Key("profiles 2 and 3, a PEM file. Charge point SUT: the server certificate the harness "
                           "presents (required). Central system SUT, profile 3: the harness's client certificate "
                           "(required; also at 2 for TC_083_CSMS's upgrade)"),
        "private_key": Key("the PEM key of `certificate`"),
        "private_key_password": Key("the password of an encrypted `private_key`. Never shown"),
        "private_key_password_env": Key("instead of `private_key_password`: the variable holding it, read when a run "
                                        "starts"),
        "private_key_env": Key("instead of `private_key`: the variable holding the PEM key itself (a CI secret), read "
                               "when a run starts"),
        "operator": Key("profile 3: the O (CpoName) the charge point's certificate must carry", "not checked",
                        roles=(CP,)),
        "manufacturer_root_certificate": Key(
            "an X.509 root in PEM, relative to the SUT file. Charge point SUT: the ManufacturerRootCertificate the "
            "harness installs in TC_075_1_CS. Central system SUT: the one it must install in TC_075_1_CSMS",
            "charge point SUT: a root made for the run; central system SUT: any valid root passes"),
        "central_system_root_certificate": Key(
            "an X.509 root in PEM. Charge point SUT: the second CentralSystemRootCertificate the harness installs and "
            "deletes (TC_075_2_CS, TC_076_CS; never the one its TLS connection depends on). Central system SUT: the "
            "one it must install in TC_075_2_CSMS and TC_078_CSMS",
            "charge point SUT: a root made for the run; central system SUT: any valid root passes"),
    },
    "capabilities": {
        "profiles": Key("the feature profiles the SUT implements; a case of another profile is not applicable",
                        '["Core"]', example='["Core"]'),
        "connectors": Key("the number of connectors (ids 1..N; 0 is the charge point as a whole)", "1", example="1"),
    },
    "test_data": {
        "message_timeout_s": Key("bound of every wait for a message, and for the answer to a request"),
        "quiet_period_s": Key("how long the harness watches for a message the SUT must not send (\"no transaction "
                              "starts\"): how quickly it would have sent one. The reference SUTs use 1",
                              "`message_timeout_s`"),
        "reboot_timeout_s": Key("bound of the wait for the boot after `power_cycle`"),
        "action_timeout_s": Key("bound of one operator action"),
        "connect_timeout_s": Key("bound of the wait for a connection (charge point SUT: connect and boot)"),
        "reconnect_interval_s": Key("charge point SUT: how long it waits before it connects again after losing its "
                                    "connection (its first retry); the TLS robustness checks wait that long plus "
                                    "`timing_tolerance_s`", "`connect_timeout_s`", roles=(CP,)),
        "reset_delay_s": Key("charge point SUT: how long it may take after answering Reset before its reboot shows "
                             "(connection closed or BootNotification); TC_014_CS and TC_016_CS wait that long",
                             "`message_timeout_s`", roles=(CP,)),
        "heartbeat_interval_s": Key("the heartbeat interval boots are accepted with (charge point SUT: the harness "
                                    "gives it; central system SUT: what it is configured to give)"),
        "boot_retry_interval_s": Key("the interval of a Rejected or Pending boot"),
        "timing_tolerance_s": Key("tolerance of interval checks, on both sides (docs/harness.md, timing windows). A "
                                  "charge point's `heartbeat_interval_s` and `meter_value_sample_interval_s` must be "
                                  "more than it, `clock_aligned_data_interval_s` more than twice it, "
                                  "`boot_retry_interval_s` and `connection_timeout_s` more than it + 1 s"),
        "connector_id": Key("the connector the cases use (1 to `connectors`)"),
        "valid_id_tag": Key("an idTag the central system accepts (a central system SUT must hold it Accepted)"),
        "valid_id_tag_2": Key("a second valid idTag, other than `valid_id_tag` (TC_068_CS, TC_069_CS)"),
        "parent_id_tag": Key("the parentIdTag the harness gives both valid idTags in TC_069_CS", roles=(CP,)),
        "invalid_id_tag": Key("an idTag unknown to the central system (answered Invalid)"),
        "blocked_id_tag": Key("an idTag held Blocked (a central system SUT must hold it so)"),
        "expired_id_tag": Key("an idTag held Expired (a central system SUT must hold it so)"),
        "meter_value_sample_interval_s": Key("the MeterValueSampleInterval the cases write (TC_002_CS, TC_004_1_CS, "
                                             "TC_021_CS, TC_070_CS, which waits three intervals)"),
        "connection_timeout_s": Key("ConnectionTimeOut: written to a charge point SUT (a whole number) by the cases "
                                    "that wait for it to run out; as a charge point the harness uses it as its own "
                                    "(TC_004_2_CSMS, TC_011_2_CSMS)"),
        "unknown_vendor_id": Key("a vendorId the central system does not know (TC_064_CSMS)", roles=(CSMS,)),
        "transaction_duration_s": Key("how long TC_041_CS waits to see that no transaction starts", roles=(CP,)),
        "clock_aligned_data_interval_s": Key("the ClockAlignedDataInterval TC_071_CS sets (it waits three "
                                             "intervals: keep it short)", roles=(CP,)),
        "vendor": Key("the chargePointVendor the harness, as a charge point, boots with", roles=(CSMS,)),
        "model": Key("the chargePointModel the harness, as a charge point, boots with", roles=(CSMS,)),
    },
    "checks": {
        "timestamps": Key("`\"utc\"`: every dateTime RFC 3339 with `Z` or `+00:00`; `\"z\"`: `Z` only; `\"offset\"`: "
                          "any explicit offset, a non-UTC one a warning. No zone at all always fails", '"utc"'),
    },
    "actions": {
        "driver": Key("`\"prompt\"` (a person at the terminal), `\"command\"` (a program per action) or "
                      "`\"reference\"` (the built-in reference SUTs); docs/operator-actions.md", '"prompt"',
                      example='"prompt"'),
        "command": Key("for `driver = \"command\"`: the program, split as a shell would (no shell runs it), with "
                       "`{action}` and `{args_json}` replaced; exit 0 = done, its output the answer"),
    },
    "robustness": {
        "callerror_codes": Key("`\"strict\"` or `\"lenient\"` (any OCPP-J 1.6 code, a warning outside the strict "
                               "set): the policy table of docs/robustness.md", '"strict"'),
        "actions": Key("narrow the fuzzed actions to these", "all safe ones of the declared profiles"),
        "max_examples": Key("examples per property and action, instead of the hypothesis profile's"),
        "budget_s": Key("seconds per property and action (`--robustness-seconds` wins)"),
    },
    "file_server": {
        "schemes": Key("the transfer schemes the SUT supports (its SupportedFileTransferProtocols), of \"ftp\" and "
                       "\"http\"; the cases hand it URLs of the first", '["ftp", "http"]', example='["ftp"]'),
        "address": Key("this machine's address as the SUT reaches it: the host of every URL the SUT gets; a "
                       "charger on a lab network is not on 127.0.0.1", '"127.0.0.1"'),
        "bind": Key("where the server listens when that is not `address` (a NAT in between)", "`address`"),
        "ftp_port": Key("the FTP port (open it in the firewall, with FTP's passive data ports); 0 picks a free one",
                        "0"),
        "http_port": Key("the HTTP port; 0 picks a free one", "0"),
        "firmware": Key("a firmware image the SUT really installs, relative to the SUT file (TC_044_1)",
                        "a built-in dummy image"),
        "invalid_firmware": Key("an image the SUT downloads and refuses to install (TC_044_3)",
                                "a built-in file no charger can install"),
    },
    "load": {
        "charge_point_id_template": Key("the id of charger n (1, 2, ...): a str.format template with {n}",
                                        '"LOAD_{n:05d}"', roles=(CSMS,)),
        "sessions_per_hour": Key("charging sessions each simulated charger starts per hour (0: none)", "6",
                                 roles=(CSMS,)),
        "session_duration_s": Key("how long a charging session lasts, from StartTransaction to StopTransaction",
                                  "60", roles=(CSMS,)),
        "reconnect_every_s": Key("scenario reconnect: how often each charger drops its connection and resumes it",
                                 "30", roles=(CSMS,)),
        "error_budget": Key("the share of connection attempts and requests that may fail with a reason (a refusal "
                            "with an HTTP status, a close with a code) before the run fails", "0", roles=(CSMS,)),
        "max_connect_attempts": Key("connection attempts of one charger in a row before it gives up", "8",
                                    roles=(CSMS,)),
    },
    "reference": {
        "faults": Key("fault switches of the reference SUT (docs/reference-suts.md)", "[]"),
        "modes": Key("allowed non-default behaviours of the reference SUT (docs/reference-suts.md)", "[]"),
    },
    "notes": {},
}
