"""`ocpp-conformance`: run the suite, list cases, build Allure's HTML report, run a reference SUT.

`run` is a thin layer over pytest and the suite's plugin: every option it has is a plugin
option, so `pytest testcases --sut FILE` behaves the same.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TESTCASES = PROJECT_ROOT / "testcases"
HYPOTHESIS_PROFILES = ("quick", "ci", "soak")   # conformance.robustness.budgets


class _OneLine(argparse.ArgumentParser):
    """A usage error is one line and exit 2, like every other mistake the command line reports."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _run(args: argparse.Namespace, extra: list[str]) -> int:
    import pytest

    args.case = [case.upper() for case in args.case]   # tc_003_cs is TC_003_CS
    problem = _check_before_run(args)
    if problem:
        print(f"ocpp-conformance: {problem}", file=sys.stderr)
        _reports_of_a_run_that_did_not_start(args, problem)
        return 2

    argv = [str(TESTCASES), "-p", "no:cacheprovider", "--reports", args.reports, "-q", "-rfEs"]
    for sut in args.sut:
        argv += ["--sut", sut]
    for case in args.case:
        argv += ["--case", case]
    for profile in args.profile:
        argv += ["--profile", profile]
    if args.robustness:
        argv.append("--robustness")
    if args.hypothesis_profile:
        argv.append(f"--hypothesis-profile={args.hypothesis_profile}")
    if args.robustness_seconds is not None:
        argv += ["--robustness-seconds", str(args.robustness_seconds)]
    if args.beyond:
        argv.append("--beyond")
    # A certification-style run: the plan's cases only, unless the suites beyond it are asked for.
    # The robustness checks are the hypothesis suites (fuzz) and the TLS checks (robustness).
    left_out = [marker for marker, wanted in (("fuzz", args.robustness), ("robustness", args.robustness),
                                              ("beyond", args.beyond)) if not wanted]
    if left_out:
        argv += ["-m", " and ".join(f"not {marker}" for marker in left_out)]
    if args.verbose:
        argv.append("-v")
    if args.workers > 1:
        argv += ["-n", str(args.workers)]
    return int(pytest.main(argv + extra))


def _reports_of_a_run_that_did_not_start(args: argparse.Namespace, problem: str) -> None:
    """The reports say why the run stopped, and no earlier run's verdicts stay there."""
    from .checks.verdicts import ConfigError
    from .pytest_plugin import REFERENCE_SUTS
    from .reporting import not_started
    from .sut import profile as sut_profile

    try:
        suts = sut_profile.load_all(args.sut or [str(PROJECT_ROOT / p) for p in REFERENCE_SUTS])
    except ConfigError:
        suts = []
    not_started.write(Path(args.reports), problem, suts)


def _check_before_run(args: argparse.Namespace) -> str | None:
    """The plugin checks all this too; here it is said in one line, before pytest starts.

    Preflight connects to a central system SUT, so a wrong URL or password stops the run here.
    """
    from .catalog import catalog, implemented_cases, selection_problem
    from .checks.verdicts import ConfigError
    from .pytest_plugin import REFERENCE_SUTS, built_in_on_free_ports
    from .sut import preflight
    from .sut import profile as sut_profile

    problem = selection_problem(args.case, args.profile)
    if problem:
        return problem
    if args.workers < 1:
        return f"--workers must be at least 1, got {args.workers}"
    try:
        suts = sut_profile.load_all(args.sut or [str(PROJECT_ROOT / p) for p in REFERENCE_SUTS])
        if not args.sut:   # the plugin moves them too, and says so
            suts = built_in_on_free_ports(suts)[0]
        if args.workers > 1:
            if any(sut.driver != "reference" for sut in suts):
                return ("--workers: a SUT that is not a built-in reference SUT meets one harness at a time: "
                        "run it without --workers")
            return None   # each worker starts its reference SUTs on free ports of its own
        wanted = [e for e in catalog().values() if e.id in implemented_cases(TESTCASES)
                  and (not args.case or e.id in args.case) and (not args.profile or e.profile in args.profile)]
        roles = {e.sut_role for e in wanted} if not args.robustness or args.case else set()
        if args.robustness or args.beyond:
            roles |= {s.role for s in suts}
        for sut in suts:
            if sut.role in roles:
                preflight.check(sut)
    except ConfigError as exc:
        return str(exc)
    return None


def _list(args: argparse.Namespace) -> int:
    from .catalog import SPLIT, catalog, implemented_cases
    from .checks.verdicts import ConfigError
    from .ocpp.actions import Role
    from .sut import profile as sut_profile
    from .sut.applicability import statement

    try:
        suts = sut_profile.load_all(args.sut)
    except ConfigError as exc:
        print(f"ocpp-conformance: {exc}", file=sys.stderr)
        return 2
    implemented = implemented_cases(TESTCASES)
    requirements = _case_requirements() if suts else {}
    by_role = {s.role: s for s in suts}
    rows = []
    for entry in sorted(catalog().values(), key=lambda e: e.sort_key):
        if by_role and entry.sut_role not in by_role:
            continue
        if entry.id not in implemented and not args.all:
            continue
        state = "implemented" if entry.id in implemented else "not implemented yet"
        if entry.id in SPLIT:
            state = f"legacy ID: covered by {', '.join(SPLIT[entry.id])}"
        sut = by_role.get(entry.sut_role)
        if sut is not None and entry.id in implemented:
            state = statement(entry, sut, requirements.get(entry.id))[1]
        role = "CP" if entry.sut_role is Role.CHARGE_POINT else "CSMS"
        rows.append((entry.id, role, entry.profile, entry.title, state))
    # The titles are of very different lengths: they come last but one, cut to a width that keeps the
    # state (applicability, with --sut) of every row in one column.
    header = ("ID", "SUT", "profile", "title", "applicability to the SUT" if suts else "state")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)] + [_TITLE_WIDTH]
    for row in [header, *rows]:
        cells = [*row[:3], row[3] if len(row[3]) <= _TITLE_WIDTH else row[3][:_TITLE_WIDTH - 3] + "..."]
        print("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + "  " + row[4])
    return 0


_TITLE_WIDTH = 64


def _case_requirements() -> dict[str, object]:
    """The capabilities each case is for, as its file declares them (the files are imported)."""
    import importlib.util

    from .pytest_plugin import REQUIREMENTS

    for path in sorted(TESTCASES.rglob("test_*.py")):
        spec = importlib.util.spec_from_file_location(f"_conformance_case_{path.stem}", path)
        if spec is not None and spec.loader is not None:
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
    return REQUIREMENTS


def _report(args: argparse.Namespace) -> int:
    """Allure's HTML from reports/allure-results, when an Allure command line is installed.

    Every run already wrote the suite's own page (reports/index.html), which needs nothing more.
    """
    reports = Path(args.reports)
    results = reports / "allure-results"
    own = reports / "index.html"
    also = f"; the suite's own report, without Allure, is {own}" if own.is_file() else ""
    if not results.is_dir() or not any(results.iterdir()):
        print(f"ocpp-conformance: no allure results in {results}: run `ocpp-conformance run` first", file=sys.stderr)
        return 2
    allure = shutil.which("allure")
    if allure is None:
        print("ocpp-conformance: no Allure command line on PATH, so no Allure report: install Allure 2 "
              f"(`npm install -g allure-commandline`, needs Java){also}", file=sys.stderr)
        return 2
    out = reports / "html"
    env = {**os.environ, "ALLURE_NO_ANALYTICS": "true"}
    code = subprocess.call([allure, "generate", str(results), "-o", str(out), "--clean", "--single-file"], env=env)
    if code == 0:
        print(f"report: {out / 'index.html'}")
    return code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["reference"]:
        return _reference(argv[1:])
    if argv[:1] == ["load"]:
        from .load.cli import main as load

        return load(argv[1:])
    parser = _OneLine(prog="ocpp-conformance", description="OCPP 1.6J conformance test suite")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the test cases (default: against the built-in reference SUTs)",
                         epilog="Options after -- go to pytest as they are, e.g. -- -x")
    run.add_argument("--sut", action="append", default=[], metavar="FILE", help="SUT description (repeatable)")
    run.add_argument("--case", action="append", default=[], metavar="ID", help="only this test case (repeatable)")
    run.add_argument("--profile", action="append", default=[], metavar="PROFILE", help="only this profile (repeatable)")
    run.add_argument("--reports", default="reports", metavar="DIR", help="where reports go (default: reports)")
    run.add_argument("--robustness", action="store_true",
                     help="run the robustness checks (the hypothesis suites and the TLS checks) in both roles; with "
                          "--case, those cases too. "
                          "Budget: --hypothesis-profile quick|ci|soak")
    run.add_argument("--hypothesis-profile", choices=HYPOTHESIS_PROFILES, metavar="NAME",
                     help="examples per robustness property: quick (25, the default), ci (500) or soak (20000)")
    run.add_argument("--robustness-seconds", type=float, metavar="S",
                     help="budget of each robustness property (per action) in seconds, besides its number of "
                          "examples; overrides [robustness] budget_s of the SUT description")
    run.add_argument("--beyond", action="store_true",
                     help="also run the checks beyond the plan (testcases/beyond) after the plan's cases; they are "
                          "reported apart from the plan's verdicts")
    run.add_argument("--workers", type=int, default=1, metavar="N",
                     help="with the built-in reference SUTs only: run the cases in N processes (pytest-xdist)")
    run.add_argument("-v", "--verbose", action="store_true")

    lst = sub.add_parser("list", help="list the test cases and their applicability")
    lst.add_argument("--sut", action="append", default=[], metavar="FILE")
    lst.add_argument("--all", action="store_true", help="also list the plan's cases not implemented yet")

    rep = sub.add_parser("report", help="build Allure's HTML report from reports/allure-results (needs the Allure "
                                        "command line; every run writes reports/index.html without it)")
    rep.add_argument("--reports", default="reports", metavar="DIR")

    sub.add_parser("reference", help="run a reference SUT: charge-point | central-system | control")
    sub.add_parser("load", help="simulated charge points against a central system on Locust, every frame checked "
                                "(see load --help)")

    pki = sub.add_parser("pki", help="make a test PKI for a lab: root, central system and charge point certificates")
    pki.add_argument("--out", required=True, metavar="DIR", help="where the PEM files go (made if missing)")
    pki.add_argument("--charge-point-id", required=True, metavar="ID", help="subject CN of the charge point certificate")
    pki.add_argument("--operator", default="OCPP Conformance Lab", metavar="NAME",
                     help="subject O of the charge point certificate (CpoName; default %(default)s)")
    pki.add_argument("--host", action="append", default=[], metavar="NAME",
                     help="host name or IP address of the central system (repeatable; default 127.0.0.1, localhost)")
    pki.add_argument("--days", type=int, default=365, help="validity in days (default %(default)s)")

    # After "--", what follows goes to pytest as it is (`run ... -- -x -k heartbeat`).
    passed_on = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    if args.command == "run":
        return _run(args, passed_on)
    if passed_on:
        parser.error(f"only run passes options on to pytest, not {args.command}")
    if args.command == "list":
        try:
            return _list(args)
        except BrokenPipeError:   # `list | head`: the reader has seen enough
            sys.stderr.close()
            return 0
    if args.command == "pki":
        return _pki(args)
    return _report(args)


def _pki(args: argparse.Namespace) -> int:
    """Write a test PKI; the private keys are files of their own, readable by their owner only."""
    from .transport.pki import make_test_pki

    out = Path(args.out).resolve()
    if out.exists() and any(out.glob("*.key")):
        print(f"ocpp-conformance: {out} holds keys already: choose another --out, or remove them", file=sys.stderr)
        return 2
    if args.days < 1 or "/" in args.charge_point_id or not args.charge_point_id:
        print("ocpp-conformance: --days must be at least 1 and --charge-point-id an id without '/'", file=sys.stderr)
        return 2
    try:
        pki = make_test_pki(out, charge_point_id=args.charge_point_id, operator=args.operator,
                            hosts=tuple(args.host) or ("127.0.0.1", "localhost"), days=args.days)
    except OSError as exc:
        print(f"ocpp-conformance: cannot write {out} ({exc.strerror or exc})", file=sys.stderr)
        return 2
    print(f"""test PKI in {out} (for a lab only: the keys are not protected by a password)
  root.pem                  the root: the charge point's trust anchor for the central system, and the
                            central system's for the charge point's certificate (security profile 3)
  root.key                  its key: signs the certificate a charge point asks for (TC_083_CS)
  central-system.pem/.key   server certificate (P-256), CN {(tuple(args.host) or ('127.0.0.1',))[0]}
  central-system-rsa.pem/.key  the same with an RSA 2048 key, for the TLS_RSA_* cipher suites
  charge-point.pem/.key     client certificate, CN {args.charge_point_id}, O {args.operator}
  manufacturer-root.pem, central-system-root-2.pem
                            roots to install and delete (TC_075, TC_076); no key is kept
  central-system-root-expired.pem  an expired root a charge point must refuse (TC_078_CS)
A charge point SUT file:   [security] certificate = "{pki.server_certificate}", private_key = "{pki.server_key}",
                           ca_certificate = "{pki.root}" (profile 3, and 2 for TC_083_CS),
                           ca_private_key = "{pki.root_key}" (TC_083_CS, TC_074_CS, TC_077_CS),
                           operator = "{args.operator}"
A central system SUT file: [security] ca_certificate = "{pki.root}", and with profile 3
                           certificate = "{pki.client_certificate}", private_key = "{pki.client_key}\"""")
    return 0


REFERENCE_COMMANDS = {
    "charge-point": "a reference charge point that connects to a central system (--connect URL)",
    "central-system": "a reference central system that charge points connect to (--listen URL)",
    "control": "send one operator action to a reference SUT's control server (--to URL ACTION)",
}


def _reference_help() -> str:
    """The three commands, then every fault and mode of both reference SUTs with its meaning."""
    from .reference.central_system.faults import SWITCHES as CENTRAL_SYSTEM
    from .reference.charge_point.faults import SWITCHES as CHARGE_POINT

    width = max(map(len, REFERENCE_COMMANDS))
    commands = "\n".join(f"  {name.ljust(width)}  {meaning}" for name, meaning in REFERENCE_COMMANDS.items())
    return (f"{_REFERENCE_USAGE}\n\nRun a reference SUT of the suite, or drive one: the SUTs the self-tests and the "
            f"default run use.\n\ncommands:\n{commands}\n\n"
            "`ocpp-conformance reference COMMAND --help` shows the options of each. A reference SUT is made to "
            "misbehave with --fault NAME (a deliberate defect a case must notice) and to take an allowed "
            "alternative with --mode NAME (a behaviour a case must accept):\n\n"
            f"{CHARGE_POINT.listing()}\n\n{CENTRAL_SYSTEM.listing()}\n")


_REFERENCE_USAGE = "usage: ocpp-conformance reference {charge-point,central-system,control} [options]"


def _reference(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(_reference_help(), end="")
        return 0
    if not argv or argv[0] not in REFERENCE_COMMANDS:
        given = f"unknown command {argv[0]!r}" if argv else "a command is missing"
        print(f"ocpp-conformance reference: {given}: charge-point, central-system or control "
              "(see ocpp-conformance reference --help)", file=sys.stderr)
        return 2
    if argv[0] == "charge-point":
        from .reference import charge_point

        return charge_point.main(argv[1:])
    if argv[0] == "central-system":
        from .reference import central_system

        return central_system.main(argv[1:])
    from .reference import control

    return control.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
