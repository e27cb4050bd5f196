"""The protocol core, the transport and the reference SUTs load without pytest and allure: a
reference SUT process or a tool built on the core must not pay for (or depend on) the test runner."""

import subprocess
import sys

import conformance

WITHOUT_THE_RUNNER = [
    "conformance",
    "conformance.ocpp.rpc", "conformance.ocpp.session", "conformance.ocpp.validation",
    "conformance.ocpp.datetime", "conformance.ocpp.actions",
    "conformance.transport.websocket", "conformance.transport.tls", "conformance.transport.trace",
    "conformance.transport.pki",
    "conformance.reference.charge_point", "conformance.reference.charge_point.cli",
    "conformance.reference.central_system", "conformance.reference.central_system.cli",
    "conformance.reference.control",
]

PROBE = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(' '.join(sorted(m for m in ('pytest', '_pytest', 'allure', 'allure_commons') if m in sys.modules)))
"""


def test_core_transport_and_reference_suts_load_without_pytest_or_allure():
    loaded = subprocess.run([sys.executable, "-c", PROBE, *WITHOUT_THE_RUNNER], capture_output=True, text=True,
                            check=True, timeout=60).stdout.strip()
    assert loaded == "", f"importing {WITHOUT_THE_RUNNER} loaded {loaded}"


def test_the_case_author_api_is_there_on_first_use():
    assert set(conformance.__all__) <= set(dir(conformance))
    for name in conformance.__all__:
        assert getattr(conformance, name) is not None
