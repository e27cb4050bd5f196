"""The load engine: Locust's runners driving `Charger`s, in one process, or as master or worker.

Run by `ocpp-conformance load` as a process of its own (`python -m conformance.load.engine`):
Locust patches the standard library with gevent when it is imported, which must happen before
anything imports ssl or socket, and must not reach the asyncio harness. Locust first, then.

What crosses processes: the plan goes from the master to the workers inside Locust's spawn
message (a custom option); the workers send what their chargers found as a custom message
("ocpp_findings") every second and once more when they stop. The master alone judges the
rules across chargers (`LoadRules`) and writes the reports.
"""

from __future__ import annotations

import argparse
import heapq
import json
import logging
import signal
import sys
import time
from pathlib import Path
from typing import Any

import gevent
import locust  # noqa: F401,I001 - first: gevent's monkey patching must precede every other import
from locust import User, constant, events, task
from locust.argument_parser import get_empty_argument_parser, setup_parser_arguments
from locust.env import Environment
from locust.html import get_html_report
from locust.runners import WORKER_REPORT_INTERVAL, WorkerRunner
from locust.stats import PERCENTILES_TO_REPORT, StatsCSVFileWriter

from ..checks.load_rules import LoadRules
from ..ocpp.validation import Problem
from .charger import Charger, tls_context
from .findings import Findings
from .plan import LoadPlan

log = logging.getLogger("conformance.load")
FLUSH_S = 1.0
TX_LAG_S = 3 * FLUSH_S    # transaction events are judged in time order once every worker's have come
FINALS_WAIT_S = 15.0


class LoadFailure(Exception):
    """A Locust failure: the rule a frame or a charger broke."""


class Engine:
    """One process's side of the run: the sink of its chargers and, on the master, the judge."""

    def __init__(self, env: Environment, role: str, reports: Path):
        self.env, self.role, self.reports = env, role, reports
        self.plan: LoadPlan | None = None
        self.findings = Findings()       # what this process's chargers saw since the last flush
        self.total = Findings()          # the master's (or the local run's) merged view
        self.rules = LoadRules()
        self._tx: list[tuple[float, int, str, str, Any, Any]] = []   # heap of (at, seq, kind, charger, tid, frame)
        self._tx_out: list[list[Any]] = []                        # a worker's, to send
        self._seq = 0
        self.live = 0                    # chargers connected now
        self.stopping = False
        self.finals = 0
        self._free: list[int] = []
        self._next_index = 0
        self._password: str | None = None
        self._context: Any = None
        self.started_at = time.time()
        self.ended_at: float | None = None

    # -- the plan, on every process --------------------------------------------------------------------

    def use(self, plan: LoadPlan) -> None:
        import os

        self.plan = plan
        self._password = plan.password
        if plan.password_env is not None:
            self._password = os.environ.get(plan.password_env)
            if not self._password:
                log.error("[security] password_env names %s, which is not set in this process", plan.password_env)
        self._context = tls_context(plan.ca_pem) if plan.ca_pem else None

    def take_index(self) -> int:
        """This process's next charger number: workers interleave, so that all numbers are 1..N once."""
        if self._free:
            return heapq.heappop(self._free)
        runner = self.env.runner
        index = runner.worker_index if isinstance(runner, WorkerRunner) else 0
        workers = getattr(self.env.parsed_options, "ocpp_workers", 1) or 1
        self._next_index += 1
        return index + 1 + (self._next_index - 1) * workers

    def free_index(self, n: int) -> None:
        heapq.heappush(self._free, n)

    def charger(self, n: int) -> Charger:
        assert self.plan is not None
        return Charger(self.plan, n, self, lambda: self.stopping, self._password, self._context,
                       getattr(self.env.parsed_options, "ocpp_started_at", self.started_at))

    # -- the Sink of the chargers ------------------------------------------------------------------------

    def request(self, action: str, ms: float, length: int, failure: str | None) -> None:
        self.env.events.request.fire(request_type="OCPP", name=action, response_time=ms, response_length=length,
                                     exception=LoadFailure(failure) if failure else None, context={})

    def problems(self, charger: str, problems: list[Problem], frame: str | None, request: str | None = None) -> None:
        """Findings; with `request`, each error is also a Locust failure of that name (what no request event
        of a CALL carries: a rule judged on the connection or across a charger's messages)."""
        now = time.time()
        for problem in problems:
            self.findings.violation(problem.rule, problem.severity, charger, problem.message,
                                    frame if isinstance(frame, str) else None, now)
            if request is not None and problem.severity == "error":
                self.request(request, 0, 0, problem.rule)

    def transaction(self, kind: str, charger: str, transaction_id: Any, at: float, frame: str | None) -> None:
        self._tx_out.append([at, kind, charger, transaction_id, frame])

    def connected(self, delta: int) -> None:
        self.live += delta

    # -- flushing and judging ------------------------------------------------------------------------------

    def flush(self, final: bool = False) -> None:
        now = time.time()
        self.findings.connected(self.source, self.live, now)
        batch = {"findings": self.findings.take(), "tx": self._tx_out, "final": final}
        self._tx_out = []
        if isinstance(self.env.runner, WorkerRunner):
            self.env.runner.send_message("ocpp_findings", batch)
        else:
            self.receive(batch)

    @property
    def source(self) -> str:
        runner = self.env.runner
        return f"worker-{runner.worker_index}" if isinstance(runner, WorkerRunner) else "local"

    def receive(self, batch: dict[str, Any]) -> None:
        """The master (or a local run) takes in a batch of what chargers found."""
        self.total.merge(batch["findings"])
        for at, kind, charger, tid, frame in batch["tx"]:
            self._seq += 1
            heapq.heappush(self._tx, (at, self._seq, kind, charger, tid, frame))
        if batch.get("final"):
            self.finals += 1
        self.judge(time.time() - TX_LAG_S)

    def judge(self, until: float) -> None:
        while self._tx and self._tx[0][0] <= until:
            at, _, kind, charger, tid, frame = heapq.heappop(self._tx)
            if kind == "stop":
                self.rules.transaction_stopped(charger, tid)
                continue
            for problem in self.rules.transaction_started(charger, tid):
                self.total.violation(problem.rule, problem.severity, charger, problem.message, frame, at)
                self.env.events.request.fire(request_type="OCPP", name="transactionId (across chargers)",
                                             response_time=0, response_length=0, exception=LoadFailure(problem.rule),
                                             context={})


class OcppCharger(User):
    """A Locust user is one charge point for the whole run."""

    wait_time = constant(1)
    engine: Engine | None = None

    @task
    def live(self) -> None:
        engine = OcppCharger.engine
        assert engine is not None and engine.plan is not None
        n = engine.take_index()
        try:
            engine.charger(n).run()
            while not engine.stopping:   # it gave up connecting: it stays down, counted, until the end
                gevent.sleep(1)
        finally:
            engine.free_index(n)
        raise locust.exception.StopUser()


def _parsed_options(plan: LoadPlan | None, workers: int, started_at: float) -> argparse.Namespace:
    parser = get_empty_argument_parser()
    setup_parser_arguments(parser)
    options = parser.parse(args=[])
    options.headless = True
    options.ocpp_plan = plan.to_json() if plan else None
    options.ocpp_workers = workers
    options.ocpp_started_at = started_at
    return options


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.load.engine")
    parser.add_argument("--plan", help="the plan (JSON file); not for a worker")
    parser.add_argument("--reports", default="reports/load")
    parser.add_argument("--role", choices=("local", "master", "worker"), default="local")
    parser.add_argument("--master-host", default="127.0.0.1")
    parser.add_argument("--master-port", type=int, default=5557)
    parser.add_argument("--master-bind-host", default="127.0.0.1")
    parser.add_argument("--expect-workers", type=int, default=1)
    parser.add_argument("--web", action="store_true")
    parser.add_argument("--web-host", default="127.0.0.1")
    parser.add_argument("--web-port", type=int, default=8089)
    args = parser.parse_args(argv)
    sys.argv[1:] = []   # Locust's web UI reads the command line as its own: it has none
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    reports = Path(args.reports)
    plan = LoadPlan.from_json(json.loads(Path(args.plan).read_text())) if args.plan else None
    started_at = time.time()

    env = Environment(user_classes=[OcppCharger], events=events,
                      parsed_options=_parsed_options(plan, args.expect_workers if args.role == "master" else 1,
                                                     started_at))
    env.stop_timeout = 0
    engine = Engine(env, args.role, reports)
    OcppCharger.engine = engine
    if plan is not None:
        engine.use(plan)

    def on_test_start(environment: Environment, **_: Any) -> None:
        if args.role == "worker" and engine.plan is None:
            data = getattr(environment.parsed_options, "ocpp_plan", None)
            if data:
                engine.use(LoadPlan.from_json(data))
        engine.stopping = False

    def on_test_stopping(environment: Environment, **_: Any) -> None:
        engine.stopping = True

    def on_test_stop(environment: Environment, **_: Any) -> None:
        if args.role == "worker":
            engine.flush(final=True)

    env.events.test_start.add_listener(on_test_start)
    env.events.test_stopping.add_listener(on_test_stopping)
    env.events.test_stop.add_listener(on_test_stop)

    if args.role == "worker":
        runner = env.create_worker_runner(args.master_host, args.master_port)
    elif args.role == "master":
        runner = env.create_master_runner(args.master_bind_host, args.master_port)
        runner.register_message("ocpp_findings", lambda environment, msg, **_: engine.receive(msg.data))
    else:
        runner = env.create_local_runner()

    flusher = gevent.spawn(_flush_loop, engine) if args.role != "master" else None
    done = gevent.event.Event()

    def stop(*_: Any) -> None:
        done.set()

    gevent.signal_handler(signal.SIGINT, stop)
    gevent.signal_handler(signal.SIGTERM, stop)

    if args.role == "worker":
        runner.greenlet.join()
        if flusher is not None:
            flusher.kill()
        return 0

    assert plan is not None
    reports.mkdir(parents=True, exist_ok=True)
    csv = StatsCSVFileWriter(env, PERCENTILES_TO_REPORT, str(reports / "locust"), full_history=False)
    csv_writer = gevent.spawn(csv.stats_writer)
    web = env.create_web_ui(args.web_host, args.web_port) if args.web else None

    if args.role == "master":
        waited = time.monotonic() + plan.connect_timeout_s
        while len(runner.clients.ready) < args.expect_workers:
            if time.monotonic() > waited or done.is_set():
                print(f"ocpp-conformance load: {len(runner.clients.ready)} of {args.expect_workers} workers "
                      f"connected within {plan.connect_timeout_s:g} s", file=sys.stderr)
                runner.quit()
                return 2
            gevent.sleep(0.1)

    engine.started_at = time.time()
    env.parsed_options.ocpp_started_at = engine.started_at
    if web is None:
        print(f"load: {plan.chargers} chargers, {plan.spawn_rate:g} per second, for {plan.duration_s:g} s against "
              f"{plan.sut} (Ctrl-C ends the run and writes the report)", flush=True)
        runner.start(plan.chargers, plan.spawn_rate)
        done.wait(plan.duration_s)
    else:
        gevent.sleep(0.5)   # the UI's server greenlet binds its port
        print(f"Locust's web UI: http://{args.web_host}:{args.web_port}/ (Ctrl-C ends the run)", flush=True)
        done.wait()
    engine.stopping = True
    engine.ended_at = time.time()
    runner.stop()
    if args.role == "master":
        waited = time.monotonic() + FINALS_WAIT_S
        while engine.finals < args.expect_workers and time.monotonic() < waited:
            gevent.sleep(0.1)
        gevent.sleep(WORKER_REPORT_INTERVAL + 0.5)   # the workers' last Locust stats
    else:
        if flusher is not None:
            flusher.kill()
        engine.flush(final=True)
    engine.judge(float("inf"))
    csv_writer.kill()
    _write_csv_once(csv)
    csv.close_files()
    (reports / "locust.html").write_text(get_html_report(env, show_download_link=False), encoding="utf-8")
    from .report import write_report

    verdict = write_report(reports, plan, engine.total, engine.started_at, engine.ended_at,
                           workers=args.expect_workers if args.role == "master" else 0)
    if web is not None:
        web.stop()
    runner.quit()
    print(verdict.summary, flush=True)
    return verdict.exit_code


def _write_csv_once(csv: StatsCSVFileWriter) -> None:
    for handle, rows in ((csv.requests_csv_filehandle, csv._requests_data_rows),
                         (csv.failures_csv_filehandle, csv._failures_data_rows),
                         (csv.exceptions_csv_filehandle, csv._exceptions_data_rows)):
        handle.seek(0)
        handle.truncate()
        writer = __import__("csv").writer(handle)
        writer.writerow({csv.requests_csv_filehandle: csv.requests_csv_columns,
                         csv.failures_csv_filehandle: csv.failures_columns,
                         csv.exceptions_csv_filehandle: csv.exceptions_columns}[handle])
        rows(writer)
        handle.flush()


def _flush_loop(engine: Engine) -> None:
    while True:
        gevent.sleep(FLUSH_S)
        engine.flush()


if __name__ == "__main__":
    sys.exit(main())
