"""What a load run does, decided before any charger connects: a plain, JSON-able plan.

The plan is built from the SUT description ([sut], [security], [test_data], [load]) and the
command line, checked here (one line, exit 2, for anything that cannot work) and handed to the
load engine, which in distributed mode sends it to every worker: a worker needs no SUT file
of its own, only the password's environment variable when the SUT file names one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..checks.verdicts import ConfigError
from ..sut.profile import SutProfile

SCENARIOS = ("mix", "boot-storm", "reconnect")

# [load] keys of the SUT description: default and meaning (documented in the central-system template).
LOAD_KEYS: dict[str, tuple[Any, str]] = {
    "charge_point_id_template": ("LOAD_{n:05d}", "the id of charger n (1, 2, ...): a str.format template with {n}"),
    "sessions_per_hour": (6.0, "charging sessions each charger starts per hour (0: none)"),
    "session_duration_s": (60.0, "how long a charging session lasts, from StartTransaction to StopTransaction"),
    "reconnect_every_s": (30.0, "scenario reconnect: how often each charger drops its connection and resumes it"),
    "error_budget": (0.0, "the share of connection attempts and requests that may fail with a reason (a refusal "
                          "with an HTTP status, a close with a code) before the run fails"),
    "max_connect_attempts": (8, "connection attempts of one charger in a row before it gives up (backoff between)"),
}


def parse_duration(text: str) -> float:
    """'90', '90s', '10m', '1h30m' -> seconds."""
    text = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)([hms])", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"duration {text!r}: expected seconds or e.g. 90s, 10m, 1h30m")
    return sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)


@dataclass
class LoadPlan:
    sut: str                      # the SUT's label, for the report
    url_template: str             # with "{charge_point_id}"
    id_template: str
    chargers: int
    spawn_rate: float
    duration_s: float
    scenario: str = "mix"
    security_profile: int = 0
    password: str | None = field(default=None, repr=False)   # a clear-text password of the SUT file
    password_env: str | None = None                            # or the variable each process reads it from
    ca_pem: str | None = None     # the root of the central system's certificate (wss://)
    connectors: int = 1
    message_timeout_s: float = 30.0
    connect_timeout_s: float = 60.0
    timestamps: str = "utc"
    vendor: str = "OCPPConformance"
    model: str = "HarnessCP"
    id_tag: str = "VALID_TAG"
    meter_interval_s: float = 10.0
    sessions_per_hour: float = 6.0
    session_duration_s: float = 60.0
    reconnect_every_s: float = 30.0
    error_budget: float = 0.0
    max_connect_attempts: int = 8
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 30.0
    storm_after_s: float | None = None   # scenario boot-storm: seconds after the start when every charger drops
    tolerance_s: float = 1.0

    def charger_id(self, n: int) -> str:
        return self.id_template.format(n=n)

    def url_for(self, n: int) -> str:
        return self.url_template.replace("{charge_point_id}", self.charger_id(n))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LoadPlan:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def build(profile: SutProfile, *, chargers: int, spawn_rate: float, duration_s: float, scenario: str,
          ca_pem: str | None) -> LoadPlan:
    """The plan for this SUT; ConfigError names what cannot work."""
    where = profile.path
    if profile.role.value != "central-system":
        raise ConfigError(f"{where}: load runs simulate charge points: give a central-system SUT description")
    if profile.security_profile == 3:
        raise ConfigError(f"{where}: [security] profile 3 needs a client certificate per charger; load runs support "
                          "profiles 0 to 2")
    if chargers < 1 or spawn_rate <= 0 or duration_s <= 0:
        raise ConfigError("--chargers must be at least 1, --spawn-rate and --duration above 0")
    if scenario not in SCENARIOS:
        raise ConfigError(f"--scenario {scenario!r}: one of {', '.join(SCENARIOS)}")
    load = {key: profile.load.get(key, default) for key, (default, _) in LOAD_KEYS.items()}
    template = load["charge_point_id_template"]
    try:
        first, second = template.format(n=1), template.format(n=2)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(f"{where}: [load] charge_point_id_template {template!r}: {exc!r}; use {{n}}, e.g. "
                          "LOAD_{n:05d}") from None
    if first == second or "/" in first or not first:
        raise ConfigError(f"{where}: [load] charge_point_id_template {template!r} must give each n its own id "
                          "without '/', e.g. LOAD_{n:05d}")
    if not 0 <= load["error_budget"] <= 1:
        raise ConfigError(f"{where}: [load] error_budget is a share between 0 and 1")
    if load["max_connect_attempts"] < 1:
        raise ConfigError(f"{where}: [load] max_connect_attempts must be at least 1")
    url = profile.url or ""
    url_template = url if "{charge_point_id}" in url else url.rstrip("/") + "/{charge_point_id}"
    data = profile.test_data
    if profile.password_env is None:
        password = profile.password_text
    else:
        _ = profile.password   # unset: stops here, in one line
        password = None
    storm = None
    if scenario == "boot-storm":
        storm = chargers / spawn_rate + min(10.0, 2 * data.message_timeout_s)
        if storm >= duration_s:
            raise ConfigError(f"--duration {duration_s:g} s leaves no time for the boot storm: the chargers are all "
                              f"connected after {chargers / spawn_rate:g} s; give at least {storm + 10:g} s")
    return LoadPlan(
        sut=profile.label, url_template=url_template, id_template=template, chargers=chargers,
        spawn_rate=spawn_rate, duration_s=duration_s, scenario=scenario, security_profile=profile.security_profile,
        password=password, password_env=profile.password_env, ca_pem=ca_pem, connectors=profile.connectors,
        message_timeout_s=data.message_timeout_s, connect_timeout_s=data.connect_timeout_s,
        timestamps=profile.timestamps.value, vendor=data.vendor, model=data.model, id_tag=data.valid_id_tag,
        meter_interval_s=float(data.meter_value_sample_interval_s), sessions_per_hour=load["sessions_per_hour"],
        session_duration_s=load["session_duration_s"], reconnect_every_s=load["reconnect_every_s"],
        error_budget=load["error_budget"], max_connect_attempts=load["max_connect_attempts"],
        storm_after_s=storm, tolerance_s=data.timing_tolerance_s)
