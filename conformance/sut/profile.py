"""The SUT description file: what the SUT is, how to reach it, what it declares, test data.

Validated on load: every problem is a ConfigError with one line naming the file and the key.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..catalog import PROFILES
from ..checks.timing import slack
from ..checks.verdicts import ConfigError
from ..fileserver.config import SCHEMES, FileServerConfig
from ..ocpp.actions import Role
from ..ocpp.datetime import TimestampPolicy
from ..transport.tls import MaterialError, TlsMaterial, check_material
from .capabilities import CAPABILITIES, describe

DRIVERS = ("prompt", "command", "reference")
# The operator (CpoName) the reference SUTs and a generated test PKI name in certificates.
REFERENCE_OPERATOR = "OCPP Conformance Lab"
TLS_FILES = ("ca_certificate", "certificate", "private_key")


@dataclass(frozen=True)
class TestData:
    __test__ = False  # not a pytest class

    message_timeout_s: float = 30.0
    # How long "the SUT does NOT send ..." is watched: as long as any message is waited for,
    # unless the description says how quickly the SUT would have sent it.
    quiet_period_s: float | None = None
    reboot_timeout_s: float = 180.0
    action_timeout_s: float = 120.0
    connect_timeout_s: float = 60.0
    # A charge point's wait before it connects again after losing its connection (its first
    # retry); unknown, it is as long as any connection is waited for.
    reconnect_interval_s: float | None = None
    # How long a charge point may take after answering Reset before its reboot shows (its
    # connection closes or a BootNotification comes); unknown, as long as any message.
    reset_delay_s: float | None = None
    heartbeat_interval_s: int = 10
    boot_retry_interval_s: int = 10
    timing_tolerance_s: float = 1.0
    connector_id: int = 1
    valid_id_tag: str = "VALID_TAG"
    valid_id_tag_2: str = "VALID_TAG_2"
    parent_id_tag: str = "PARENT_TAG"
    invalid_id_tag: str = "INVALID_TAG"
    blocked_id_tag: str = "BLOCKED_TAG"
    expired_id_tag: str = "EXPIRED_TAG"
    meter_value_sample_interval_s: int = 10
    # ConnectionTimeOut in seconds: what a charge point SUT is configured with (a whole number,
    # checked on load), or the harness's own when it plays the charge point.
    connection_timeout_s: float = 30.0
    unknown_vendor_id: str = "org.ocpp-conformance.unknown"   # a vendorId the central system does not know
    transaction_duration_s: float = 30.0
    # The reservation cases' expiryDate is now plus this many seconds; TC_047_CS waits for it to
    # pass (<Configured Reservation Expiry Date Offset>).
    reservation_expiry_s: float = 60.0
    clock_aligned_data_interval_s: int = 60
    vendor: str = "OCPPConformance"
    model: str = "HarnessCP"
    # The hashAlgorithm of certificateHashData the harness reports when it plays the charge
    # point (TC_076_CSMS: the central system must use it); SHA256, SHA384 or SHA512.
    certificate_hash_algorithm: str = "SHA256"
    # How long a firmware update may take from UpdateFirmware.conf to its last notification
    # (download, installation, the reboot).
    firmware_timeout_s: float = 600.0
    # How long a diagnostics upload may take from GetDiagnostics.conf to Uploaded or UploadFailed.
    diagnostics_timeout_s: float = 300.0
    # SmartCharging: the unit charging profiles and composite schedules are in: "A", or "W"
    # with every limit x 1000.
    charging_rate_unit: str = "A"
    # SmartCharging: numberPhases of the periods of the charging profiles the suite sends (1 to 3).
    number_phases: int = 3
    # SmartCharging: the stackLevel of the charging profiles the suite sends.
    charging_stack_level: int = 0
    # SmartCharging: the duration of the charging schedules the suite sends and asks for.
    charging_schedule_duration_s: int = 300
    # SmartCharging: the deviation allowed between a composite schedule's start and now.
    max_time_deviation_s: int = 5
    # SmartCharging: the tolerance of a composite schedule's limit, in the unit.
    charging_limit_tolerance: float = 0.1
    # SmartCharging: the charge point's own limit where no profile limits, in the unit.
    local_charging_limit: float = 32.0
    # SmartCharging: the supply voltage that converts A and W.
    supply_voltage_v: float = 230.0

    def __post_init__(self) -> None:
        if self.quiet_period_s is None:
            object.__setattr__(self, "quiet_period_s", self.message_timeout_s)
        if self.reconnect_interval_s is None:
            object.__setattr__(self, "reconnect_interval_s", self.connect_timeout_s)
        if self.reset_delay_s is None:
            object.__setattr__(self, "reset_delay_s", self.message_timeout_s)


@dataclass(frozen=True)
class SutProfile:
    path: Path
    role: Role
    charge_point_id: str
    listen: str | None = None
    url: str | None = None
    name: str = ""
    security_profile: int = 0
    password_text: str | None = field(default=None, repr=False)
    password_env: str | None = None
    ca_certificate: Path | None = None     # the root the SUT's certificate is checked against
    ca_private_key: Path | None = None     # its key: signs the certificate a charge point asks for (TC_083_CS)
    certificate: Path | None = None        # the harness's own certificate (server, or client with profile 3)
    private_key: Path | None = None
    key_password_text: str | None = field(default=None, repr=False)
    key_password_env: str | None = None
    key_env: str | None = None             # a variable holding the PEM private key itself (CI secrets)
    operator: str | None = None            # O (CpoName) of the charge point's certificate
    profiles: frozenset[str] = frozenset({"Core"})
    connectors: int = 1
    test_data: TestData = TestData()
    timestamps: TimestampPolicy = TimestampPolicy.UTC
    driver: str = "prompt"
    command: str | None = None
    faults: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    capabilities: dict[str, bool] = field(default_factory=dict)   # what [capabilities] declares
    robustness: dict[str, Any] = field(default_factory=dict)      # [robustness]: the robustness suites' settings
    # [security] manufacturer_root_certificate / central_system_root_certificate: the roots of the
    # tool's store (TC_075, TC_076), by certificateType
    store_files: dict[str, Path] = field(default_factory=dict)

    def store_certificate(self, certificate_type: str) -> str:
        """The PEM of the store's root of this type: the SUT description's file, else one made for the run."""
        given = self.store_files.get(certificate_type)
        if given is not None:
            return given.read_text()
        pki = self.generated_pki
        return (pki.manufacturer_root if certificate_type == "ManufacturerRootCertificate" else pki.second_root).read_text()
    file_server: FileServerConfig = FileServerConfig()           # [file_server]: where the SUT fetches and uploads
    load: dict[str, Any] = field(default_factory=dict)            # [load]: ocpp-conformance load (conformance.load.plan)

    def capability(self, name: str) -> bool:
        """A declared capability, or its default (conformance.sut.capabilities)."""
        return self.capabilities.get(name, CAPABILITIES[name].default)

    @property
    def label(self) -> str:
        return self.name or self.path.stem

    @property
    def password(self) -> str | None:
        """The basic auth password, read from the environment only when a connection needs it.

        Listing cases connects to nothing, so an unset password_env must not stop it.
        """
        if self.password_env is None:
            return self.password_text
        value = os.environ.get(self.password_env)
        if not value:
            state = "which is not set" if value is None else "which is empty"
            raise _fail(self.path, f"[security] password_env names {self.password_env}, {state}: "
                                   f"export it before the run, or give [security] password")
        return value

    @property
    def uses_tls(self) -> bool:
        return self.security_profile >= 2

    @property
    def generated_pki(self) -> Any:
        """The test PKI made for this run when a reference SUT is used without certificate files."""
        from ..transport.pki import session_pki

        return session_pki(self.charge_point_id, self.operator or REFERENCE_OPERATOR)

    @property
    def tls(self) -> TlsMaterial | None:
        """The harness's TLS material (profiles 2 and 3), the key password read only now."""
        return self.tls_for(self.security_profile)

    def tls_for(self, security_profile: int) -> TlsMaterial | None:
        """The material at `security_profile` (TC_083 raises it): a central system SUT gets the
        harness's client certificate only with profile 3."""
        if security_profile < 2:
            return None
        own = self.role is Role.CHARGE_POINT or security_profile == 3
        if self.driver == "reference" and not any((self.ca_certificate, self.certificate, self.private_key)):
            pki = self.generated_pki
            if self.role is Role.CHARGE_POINT:
                return TlsMaterial(pki.root, pki.server_certificate, pki.server_key)
            return TlsMaterial(pki.root, pki.client_certificate if own else None, pki.client_key if own else None)
        password = self.key_password_text
        if self.key_password_env is not None:
            password = os.environ.get(self.key_password_env)
            if not password:
                raise _fail(self.path, f"[security] private_key_password_env names {self.key_password_env}, which is "
                                       "not set: export it before the run, or give [security] private_key_password")
        if not own:
            return TlsMaterial(self.ca_certificate)
        key = self.private_key
        if self.key_env is not None:
            text = os.environ.get(self.key_env)
            if not text:
                raise _fail(self.path, f"[security] private_key_env names {self.key_env}, which is not set: export it "
                                       "(the PEM text of the key) before the run, or give [security] private_key")
            key = _key_file(text)
        return TlsMaterial(self.ca_certificate, self.certificate, key, password)

    @property
    def ca_key(self) -> Path | None:
        """The key of ca_certificate, to sign a charge point's certificate request (TC_083_CS)."""
        if self.driver == "reference" and self.uses_tls and not any((self.ca_certificate, self.certificate)):
            return self.generated_pki.root_key
        return self.ca_private_key

    def check_tls(self) -> None:
        """Raise ConfigError when the TLS files cannot work (missing, unreadable, expired, key mismatch)."""
        material = self.tls
        if material is None:
            return
        try:
            check_material(material)
        except MaterialError as exc:
            raise _fail(self.path, str(exc)) from None

    @property
    def connect_url(self) -> str:
        """Where the harness, as a charge point, connects."""
        assert self.url is not None
        if "{charge_point_id}" in self.url:
            return self.url.replace("{charge_point_id}", self.charge_point_id)
        return f"{self.url.rstrip('/')}/{self.charge_point_id}"

    @property
    def listen_host_port(self) -> tuple[str, int]:
        assert self.listen is not None
        parts = urlsplit(self.listen)
        return parts.hostname or "127.0.0.1", parts.port or (443 if parts.scheme == "wss" else 80)

    @property
    def listen_path(self) -> str:
        """The path a charge point SUT must connect to."""
        assert self.listen is not None
        return f"{urlsplit(self.listen).path.rstrip('/')}/{self.charge_point_id}"


# key -> (type, required); a type tuple means "one of these values"
_SCHEMA: dict[str, dict[str, tuple[Any, bool]]] = {
    "sut": {"role": ((Role.CHARGE_POINT.value, Role.CENTRAL_SYSTEM.value), True), "charge_point_id": (str, True),
            "listen": (str, False), "url": (str, False), "name": (str, False)},
    "security": {"profile": (int, False), "password": (str, False), "password_env": (str, False),
                 "ca_certificate": (str, False), "ca_private_key": (str, False), "certificate": (str, False),
                 "private_key": (str, False),
                 "private_key_password": (str, False), "private_key_password_env": (str, False),
                 "private_key_env": (str, False),
                 "operator": (str, False),
                 **{key: (str, False) for key in ("manufacturer_root_certificate", "central_system_root_certificate")}},
    "capabilities": {"profiles": (list, False), "connectors": (int, False),
                     **{name: (cap.kind, False) for name, cap in CAPABILITIES.items()}},
    "test_data": {**{name: (type(getattr(TestData, name)), False) for name in TestData.__dataclass_fields__},
                  "quiet_period_s": (float, False), "reconnect_interval_s": (float, False),
                  "reset_delay_s": (float, False)},
    "checks": {"timestamps": (tuple(p.value for p in TimestampPolicy), False)},
    "actions": {"driver": (DRIVERS, False), "command": (str, False)},
    "reference": {"faults": (list, False), "modes": (list, False)},
    "robustness": {"callerror_codes": (("strict", "lenient"), False), "actions": (list, False),
                   "max_examples": (int, False), "budget_s": (float, False)},
    # The harness's file server (conformance.fileserver): the schemes the SUT transfers files with
    # (the first is used), the address the SUT reaches the server at, where it listens, its ports
    # (0: free ones), and firmware images of the SUT's own (paths relative to the SUT file).
    "file_server": {"schemes": (list, False), "address": (str, False), "bind": (str, False),
                    "ftp_port": (int, False), "http_port": (int, False), "firmware": (str, False),
                    "invalid_firmware": (str, False)},
    # ocpp-conformance load; the keys' meanings and defaults: conformance.load.plan.LOAD_KEYS
    "load": {"charge_point_id_template": (str, False), "sessions_per_hour": (float, False),
             "session_duration_s": (float, False), "reconnect_every_s": (float, False),
             "error_budget": (float, False), "max_connect_attempts": (int, False)},
    "notes": {},  # free-form strings: documented deviations, open questions
}


# Keys earlier descriptions had, and what took their place.
_REMOVED = {
    ("test_data", "configuration_key"): "TC_002_CS sets MeterValueSampleInterval, as its plan entry says; remove it",
    ("test_data", "configuration_value"): "TC_002_CS writes meter_value_sample_interval_s; remove it",
}


def _fail(path: Path, message: str) -> ConfigError:
    return ConfigError(f"{path}: {message}")


def _check_value(path: Path, table: str, key: str, value: Any, kind: Any) -> Any:
    where = f"[{table}] {key}"
    if isinstance(kind, tuple):
        if value not in kind:
            raise _fail(path, f"{where} must be one of {', '.join(map(repr, kind))}, got {value!r}")
        return value
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _fail(path, f"{where} must be {'a number' if kind in (int, float) else 'a ' + kind.__name__}, got {value!r}")
    if kind in (int, float) and value < 0:
        raise _fail(path, f"{where} must not be negative, got {value!r}")
    return value


def _check_judgeable(path: Path, data: TestData) -> None:
    """Intervals the tolerance does not swallow: otherwise their timing checks could never fail."""
    tolerance = data.timing_tolerance_s
    for key in ("heartbeat_interval_s", "meter_value_sample_interval_s"):
        if getattr(data, key) <= tolerance:
            raise _fail(path, f"[test_data] {key} must be more than timing_tolerance_s ({tolerance:g}), "
                              "or an interval twice as long would still pass")
    for key in ("boot_retry_interval_s", "connection_timeout_s"):
        if getattr(data, key) <= slack(tolerance):
            raise _fail(path, f"[test_data] {key} must be more than timing_tolerance_s + 1 s ({slack(tolerance):g}): "
                              "a timer of the charge point's own may end that much early, so a charge point that "
                              "does not wait at all would still pass")
    if data.clock_aligned_data_interval_s <= 2 * tolerance:
        raise _fail(path, f"[test_data] clock_aligned_data_interval_s must be more than twice timing_tolerance_s "
                          f"({tolerance:g}), or every timestamp would count as clock-aligned")


def load(path: str | Path) -> SutProfile:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(path, "no such file (give --sut a SUT description, e.g. fixtures/suts/template-charge-point.toml)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot read it ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, f"not valid TOML: {exc}") from None

    values: dict[str, dict[str, Any]] = {}
    for table, content in raw.items():
        if table not in _SCHEMA:
            raise _fail(path, f"unknown table [{table}] (known: {', '.join('[' + t + ']' for t in _SCHEMA)})")
        if not isinstance(content, dict):
            raise _fail(path, f"{table} must be a table ([{table}])")
        keys = _SCHEMA[table]
        values[table] = {}
        for key, value in content.items():
            if table == "notes":
                if not isinstance(value, str):
                    raise _fail(path, f"[notes] {key} must be a string")
                continue
            if (table, key) in _REMOVED:
                raise _fail(path, f"[{table}] {key} is no longer used: {_REMOVED[table, key]}")
            if key not in keys:
                raise _fail(path, f"unknown key [{table}] {key} (known: {', '.join(keys)})")
            values[table][key] = _check_value(path, table, key, value, keys[key][0])
    for table, keys in _SCHEMA.items():
        for key, (_, required) in keys.items():
            if required and key not in values.get(table, {}):
                raise _fail(path, f"missing [{table}] {key}")

    sut, security = values["sut"], values.get("security", {})
    caps, checks, actions = values.get("capabilities", {}), values.get("checks", {}), values.get("actions", {})
    role = Role(sut["role"])
    if role is Role.CHARGE_POINT:
        _url_key(path, sut, "listen", "the harness listens there and the charge point connects to {listen}/{charge_point_id}")
    else:
        _url_key(path, sut, "url", "the harness connects to {url}/{charge_point_id}")
    if not sut["charge_point_id"] or "/" in sut["charge_point_id"]:
        raise _fail(path, f"[sut] charge_point_id must be a non-empty id without '/', got {sut['charge_point_id']!r}")

    profile_no = security.get("profile", 0)
    if profile_no not in (0, 1, 2, 3):
        raise _fail(path, f"[security] profile must be 0 (none), 1 (basic auth), 2 (TLS + basic auth) or "
                          f"3 (TLS + client certificate), got {profile_no}")
    password, password_env = security.get("password"), security.get("password_env")
    if profile_no in (0, 3):
        for key in ("password", "password_env"):
            if key in security:
                what = "0 (no authentication)" if profile_no == 0 else "3 (client certificates, no basic auth)"
                raise _fail(path, f"[security] {key} is set but profile is {what}: "
                                  f"set profile = {1 if profile_no == 0 else 2} for basic auth, or remove {key}")
    if profile_no in (1, 2) and not password and not password_env:
        raise _fail(path, f"[security] profile {profile_no} needs password (or password_env): the basic auth password")
    _check_scheme(path, sut, profile_no)
    tls_files = _tls_files(path, role, security, profile_no, actions.get("driver", "prompt"))

    profiles = caps.get("profiles", ["Core"])
    for name in profiles:
        if name not in PROFILES:
            raise _fail(path, f"[capabilities] profiles: unknown profile {name!r} (known: {', '.join(PROFILES)})")
    _check_capabilities(path, caps, profiles)
    connectors = caps.get("connectors", 1)
    if connectors < 1:
        raise _fail(path, "[capabilities] connectors must be at least 1")

    data = TestData(**values.get("test_data", {}))
    for key in ("message_timeout_s", "quiet_period_s", "reboot_timeout_s", "action_timeout_s", "connect_timeout_s",
                "reconnect_interval_s", "reset_delay_s", "reservation_expiry_s"):
        if getattr(data, key) <= 0:
            raise _fail(path, f"[test_data] {key} must be greater than 0")
    if role is Role.CHARGE_POINT and not float(data.connection_timeout_s).is_integer():
        raise _fail(path, f"[test_data] connection_timeout_s must be a whole number of seconds for a charge point "
                          f"(it is written to its ConnectionTimeOut), got {data.connection_timeout_s!r}")
    if role is Role.CHARGE_POINT:
        _check_judgeable(path, data)
    if data.certificate_hash_algorithm not in ("SHA256", "SHA384", "SHA512"):
        raise _fail(path, f"[test_data] certificate_hash_algorithm must be SHA256, SHA384 or SHA512, "
                          f"got {data.certificate_hash_algorithm!r}")
    if data.charging_rate_unit not in ("A", "W"):
        raise _fail(path, f"[test_data] charging_rate_unit must be \"A\" or \"W\", got {data.charging_rate_unit!r}")
    if not 1 <= data.number_phases <= 3:
        raise _fail(path, f"[test_data] number_phases must be 1, 2 or 3, got {data.number_phases}")
    if not 1 <= data.connector_id <= connectors:
        raise _fail(path, f"[test_data] connector_id {data.connector_id} is not one of the {connectors} connectors")

    driver = actions.get("driver", "prompt")
    if driver == "command" and not actions.get("command"):
        raise _fail(path, "[actions] driver = \"command\" needs command = \"program {action} {args_json}\"")
    faults = values.get("reference", {}).get("faults", [])
    if faults and driver != "reference":
        raise _fail(path, "[reference] faults only apply with [actions] driver = \"reference\"")
    if not all(isinstance(f, str) for f in faults):
        raise _fail(path, "[reference] faults must be a list of fault names")
    modes = values.get("reference", {}).get("modes", [])
    if modes and driver != "reference":
        raise _fail(path, "[reference] modes only apply with [actions] driver = \"reference\"")
    if not all(isinstance(m, str) for m in modes):
        raise _fail(path, "[reference] modes must be a list of mode names")

    return SutProfile(
        path=path, role=role, charge_point_id=sut["charge_point_id"], listen=sut.get("listen"), url=sut.get("url"),
        name=sut.get("name", ""), security_profile=profile_no, password_text=None if password_env else password,
        password_env=password_env, **tls_files, profiles=frozenset(profiles),
        connectors=connectors, test_data=data, timestamps=TimestampPolicy(checks.get("timestamps", "utc")),
        driver=driver, command=actions.get("command"), faults=tuple(faults), modes=tuple(modes),
        capabilities={k: v for k, v in caps.items() if k in CAPABILITIES},
        robustness=dict(values.get("robustness", {})),
        store_files=_store_files(path, security),
        file_server=_file_server(path, values.get("file_server", {})),
        load=dict(values.get("load", {})),
    )


def _file_server(path: Path, table: dict[str, Any]) -> FileServerConfig:
    """[file_server]: schemes the suite serves, ports that exist, image files that are there."""
    schemes = table.get("schemes", list(SCHEMES))
    if not schemes or not all(isinstance(s, str) and s.lower() in SCHEMES for s in schemes):
        raise _fail(path, f"[file_server] schemes must list one or more of {', '.join(map(repr, SCHEMES))}, "
                          f"got {schemes!r}")
    for key in ("ftp_port", "http_port"):
        if table.get(key, 0) > 65535:
            raise _fail(path, f"[file_server] {key} must be a port (0 to 65535; 0 picks a free one), got {table[key]}")
    files: dict[str, Path | None] = {}
    for key in ("firmware", "invalid_firmware"):
        files[key] = (path.parent / table[key]) if key in table else None
        if files[key] is not None and not files[key].is_file():
            raise _fail(path, f"[file_server] {key} names {files[key]}, which is not a file: give the image the "
                              "charge point is to download, or remove the key for the built-in one")
    address = table.get("address", "127.0.0.1")
    if not address or "/" in address or " " in address:
        raise _fail(path, f"[file_server] address must be the host name or IP address the SUT reaches the harness "
                          f"at, got {address!r}")
    return FileServerConfig(schemes=tuple(s.lower() for s in schemes), address=address, bind=table.get("bind"),
                            ftp_port=table.get("ftp_port", 0), http_port=table.get("http_port", 0), **files)


def _check_capabilities(path: Path, caps: dict[str, Any], profiles: list[str]) -> None:
    """List capabilities hold names; a feature of an optional profile needs that profile declared."""
    for name, value in caps.items():
        capability = CAPABILITIES.get(name)
        if capability is None:
            continue
        if capability.kind is list and not all(isinstance(v, str) for v in value):
            raise _fail(path, f"[capabilities] {name} must be a list of names")
        if capability.profile and capability.profile not in profiles and value:
            raise _fail(path, f"[capabilities] {name} = {describe(name, value)} is a feature of the "
                              f"{capability.profile} profile, which [capabilities] profiles does not declare: "
                              f"add {capability.profile!r} to profiles or remove {name}")
    whole, one = caps.get("local_auth_list_max_length"), caps.get("send_local_list_max_length")
    if isinstance(whole, int) and isinstance(one, int) and one > whole:
        raise _fail(path, f"[capabilities] send_local_list_max_length = {one} is more than local_auth_list_max_length "
                          f"= {whole}: one SendLocalList.req cannot carry more idTags than the local list holds")


STORE_KEYS = {"manufacturer_root_certificate": "ManufacturerRootCertificate",
              "central_system_root_certificate": "CentralSystemRootCertificate"}


def _store_files(path: Path, security: dict[str, Any]) -> dict[str, Path]:
    """The store's roots named in [security], each an X.509 certificate in PEM, checked now."""
    from cryptography import x509

    found = {}
    for key, certificate_type in STORE_KEYS.items():
        if key not in security:
            continue
        file = path.parent / security[key]
        try:
            x509.load_pem_x509_certificate(file.read_bytes())
        except OSError as exc:
            raise _fail(path, f"[security] {key}: cannot read {file} ({exc.strerror or exc})") from None
        except ValueError:
            raise _fail(path, f"[security] {key}: {file} is not an X.509 certificate in PEM") from None
        found[certificate_type] = file
    return found


def load_all(paths: list[str] | list[Path]) -> list[SutProfile]:
    """Load the run's SUT descriptions: at most one per role, since each role has one harness."""
    suts = [load(path) for path in paths]
    roles = [p.role for p in suts]
    for role in dict.fromkeys(roles):
        if roles.count(role) > 1:
            files = ", ".join(str(p.path) for p in suts if p.role is role)
            raise ConfigError(f"two SUT descriptions for role {role.value!r} ({files}): "
                              "give at most one charge point and one central system")
    return suts


def _url_key(path: Path, sut: dict[str, Any], key: str, why: str) -> None:
    other = "url" if key == "listen" else "listen"
    if key not in sut:
        raise _fail(path, f"missing [sut] {key} for role {sut['role']!r} ({why})")
    if other in sut:
        raise _fail(path, f"[sut] {other} does not apply to role {sut['role']!r}; use {key}")
    parts = urlsplit(sut[key])
    if parts.scheme not in ("ws", "wss") or not parts.hostname:
        raise _fail(path, f"[sut] {key} must be a ws:// or wss:// URL, got {sut[key]!r}")
    try:
        _ = parts.port
    except ValueError:
        raise _fail(path, f"[sut] {key} has an invalid port: {sut[key]!r}") from None


def _check_scheme(path: Path, sut: dict[str, Any], profile_no: int) -> None:
    """Profiles 2 and 3 are TLS only: no plain ws:// to fall back on (Security Whitepaper, profiles 2/3)."""
    key = "listen" if "listen" in sut else "url"
    scheme = urlsplit(sut[key]).scheme
    if profile_no >= 2 and scheme != "wss":
        raise _fail(path, f"[sut] {key} is {scheme}:// but [security] profile {profile_no} is TLS only: "
                          f"write wss://, there is no fallback to ws://")
    if profile_no < 2 and scheme == "wss":
        raise _fail(path, f"[sut] {key} is wss:// but [security] profile is {profile_no}: "
                          "set profile = 2 (TLS + basic auth) or 3 (TLS + client certificate), or write ws://")


def _tls_files(path: Path, role: Role, security: dict[str, Any], profile_no: int, driver: str) -> dict[str, Any]:
    """The certificate keys of [security], paths read relative to the SUT file, checked now.

    A charge point SUT needs the server certificate the harness presents (certificate,
    private_key) and, with profile 3, the root its client certificates are checked against
    (ca_certificate). A central system SUT needs the root of its server certificate
    (ca_certificate) and, with profile 3, the harness's client certificate and key.
    """
    given = [key for key in (*TLS_FILES, "ca_private_key", "private_key_env", "private_key_password",
                             "private_key_password_env") if key in security]
    if profile_no < 2:
        if given:
            raise _fail(path, f"[security] {given[0]} is set but profile {profile_no} uses no TLS: "
                              f"set profile = 2 or 3, or remove {given[0]}")
        if "operator" in security:
            raise _fail(path, f"[security] operator is set but profile {profile_no} uses no certificates: "
                              "set profile = 3, or remove operator")
        return {}
    if driver == "reference" and given:
        raise _fail(path, f"[security] {given[0]}: the reference SUTs use a test PKI made for the run; "
                          "remove the certificate keys, or drive the SUT with driver = \"command\"")
    if driver != "reference":
        needed = {(Role.CHARGE_POINT, 2): ("certificate", "private_key"),
                  (Role.CHARGE_POINT, 3): ("certificate", "private_key", "ca_certificate"),
                  (Role.CENTRAL_SYSTEM, 2): ("ca_certificate",),
                  (Role.CENTRAL_SYSTEM, 3): ("ca_certificate", "certificate", "private_key")}[role, profile_no]
        for key in needed:
            if key not in security and not (key == "private_key" and "private_key_env" in security):
                raise _fail(path, f"missing [security] {key} for profile {profile_no} ({_TLS_MEANING[role, key]}); "
                                  "`ocpp-conformance pki --out DIR` makes a test PKI")
    if "private_key" in security and "private_key_env" in security:
        raise _fail(path, "[security] private_key and private_key_env both name the key: give one of them")
    has_key = "private_key" in security or "private_key_env" in security
    if ("certificate" in security) != has_key:
        raise _fail(path, "[security] certificate and private_key (or private_key_env) go together: give both")
    files = {key: (path.parent / security[key]) if key in security else None for key in TLS_FILES}
    values = {**files, "key_password_text": None if "private_key_password_env" in security
              else security.get("private_key_password"),
              "key_password_env": security.get("private_key_password_env"), "operator": security.get("operator"),
              "key_env": security.get("private_key_env"),
              "ca_private_key": (path.parent / security["ca_private_key"]) if "ca_private_key" in security else None}
    material = TlsMaterial(files["ca_certificate"], files["certificate"], files["private_key"],
                           values["key_password_text"])
    if values["key_password_env"] is not None or values["key_env"] is not None:
        # The key is opened at the start of a run, when the variable is read.
        material = TlsMaterial(material.ca_certificate, material.certificate, None)
    try:
        if material.certificate and material.private_key is None:
            from ..transport.tls import read_certificate
            read_certificate(material.certificate, "[security] certificate")
            material = TlsMaterial(material.ca_certificate)
        check_material(material)
    except MaterialError as exc:
        raise _fail(path, str(exc)) from None
    return values


_TLS_MEANING = {
    (Role.CHARGE_POINT, "certificate"): "the server certificate the harness presents to the charge point",
    (Role.CHARGE_POINT, "private_key"): "the key of that server certificate",
    (Role.CHARGE_POINT, "ca_certificate"): "the root the charge point's client certificates are checked against",
    (Role.CENTRAL_SYSTEM, "ca_certificate"): "the root the central system's server certificate is checked against",
    (Role.CENTRAL_SYSTEM, "certificate"): "the client certificate the harness presents as the charge point",
    (Role.CENTRAL_SYSTEM, "private_key"): "the key of that client certificate",
}


_KEY_FILES: dict[str, Path] = {}


def _key_file(text: str) -> Path:
    """A private key given in a variable, as a file of this process (owner-only) for the TLS library."""
    if text not in _KEY_FILES:
        import atexit
        import tempfile

        fd, name = tempfile.mkstemp(prefix="ocpp-conformance-key-", suffix=".pem")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text if text.endswith("\n") else text + "\n")
        atexit.register(lambda: Path(name).unlink(missing_ok=True))
        _KEY_FILES[text] = Path(name)
    return _KEY_FILES[text]
