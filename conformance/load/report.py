"""reports/load/index.html: one self-contained page (inline SVG, no script, nothing fetched), and
summary.json beside it, from the merged findings of a load run; and the run's verdict."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..checks import rules
from .findings import BUCKET_S, Findings, percentile
from .plan import LoadPlan

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f")


@dataclass
class Verdict:
    exit_code: int
    summary: str


def verdict(plan: LoadPlan, findings: Findings) -> Verdict:
    broken = sorted(rule for rule, e in findings.violations.items() if e["severity"] == "error")
    over_budget = findings.budget_share > plan.error_budget
    parts = [f"{plan.chargers} chargers against {plan.sut}: {findings.requests} requests, "
             f"{findings.attempts} connection attempts"]
    if broken:
        parts.append("violated: " + ", ".join(f"{r} ({findings.violations[r]['count']})" for r in broken))
    if over_budget:
        parts.append(f"error budget exceeded: {findings.budget_share:.2%} of attempts and requests failed with a "
                     f"reason, the budget is {plan.error_budget:.2%}")
    failed = bool(broken) or over_budget
    parts.append("FAILED" if failed else "passed")
    return Verdict(1 if failed else 0, "load: " + "; ".join(parts))


def _svg_lines(title: str, series: dict[str, list[tuple[float, float]]], unit: str, log_y: bool = False) -> str:
    width, height, left, bottom = 760, 220, 60, 30
    points = [p for values in series.values() for p in values]
    if not points:
        return f"<h3>{html.escape(title)}</h3><p>no data</p>"
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    y1 = max(p[1] for p in points) or 1.0
    x1 = x1 if x1 > x0 else x0 + 1

    def sx(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (width - left - 10)

    def sy(y: float) -> float:
        return height - bottom - (y / y1) * (height - bottom - 10)

    out = [f"<h3>{html.escape(title)}</h3>",
           f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">',
           f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>',
           f'<line x1="{left}" y1="10" x2="{left}" y2="{height - bottom}" stroke="#999"/>',
           f'<text x="{left - 4}" y="16" text-anchor="end" font-size="11">{y1:.4g}</text>',
           f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end" font-size="11">0</text>',
           f'<text x="{left}" y="{height - 8}" font-size="11">0 s</text>',
           f'<text x="{width - 10}" y="{height - 8}" text-anchor="end" font-size="11">{x1 - x0:.0f} s</text>',
           f'<text x="{left + 4}" y="22" font-size="11" fill="#555">{html.escape(unit)}</text>']
    for i, (name, values) in enumerate(series.items()):
        colour = COLOURS[i % len(COLOURS)]
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in sorted(values))
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{path}"/>')
        out.append(f'<text x="{width - 12}" y="{26 + 13 * i}" text-anchor="end" font-size="11" fill="{colour}">'
                   f'{html.escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def figures(findings: Findings, started: float, ended: float) -> dict[str, Any]:
    timeline = sorted(findings.timeline.items())
    connected = [(start - started, sum(b["connected"].values())) for start, b in timeline]
    rate = [(start - started, (b["sent"] + b["received"]) / BUCKET_S) for start, b in timeline]
    per_action = {}
    for action, histogram in sorted(findings.latency.items()):
        per_action[action] = {"answers": sum(histogram.values()),
                              **{f"p{int(q * 100)}_ms": percentile(histogram, q) for q in (0.5, 0.95, 0.99)}}
    all_latency: dict[int, int] = {}
    for histogram in findings.latency.values():
        for k, v in histogram.items():
            all_latency[k] = all_latency.get(k, 0) + v
    frames = sum(b["sent"] + b["received"] for _, b in timeline)
    return {
        "seconds": round(ended - started, 1), "peak_connected": max((c for _, c in connected), default=0),
        "frames": frames, "frames_per_s": round(frames / max(ended - started, 1e-9), 1),
        "p99_ms": percentile(all_latency, 0.99), "per_action": per_action,
        "boot_storm": {"chargers": findings.boot_storm_chargers,
                       "p50_ms": percentile(findings.boot_storm, 0.5), "max_ms": percentile(findings.boot_storm, 1.0)},
        "heartbeats": findings.heartbeats, "late_heartbeats": findings.late_heartbeats,
        "sources": sorted({source for _, b in timeline for source in b["connected"]}),
        "connected_series": connected, "rate_series": rate,
    }


def write_report(directory: Path, plan: LoadPlan, findings: Findings, started: float, ended: float | None,
                 workers: int = 0) -> Verdict:
    ended = ended or started
    result = verdict(plan, findings)
    figs = figures(findings, started, ended)
    directory.mkdir(parents=True, exist_ok=True)
    summary = {"verdict": "failed" if result.exit_code else "passed", "sut": plan.sut, "scenario": plan.scenario,
               "chargers": plan.chargers, "spawn_rate": plan.spawn_rate, "duration_s": plan.duration_s,
               "workers": workers, "requests": findings.requests, "attempts": findings.attempts,
               "budget_errors": findings.budget_errors, "error_budget": plan.error_budget,
               "violations": findings.violations, "connection_errors": findings.connection_errors,
               **{k: v for k, v in figs.items() if not k.endswith("_series")}}
    (directory / "summary.json").write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    (directory / "index.html").write_text(_page(plan, findings, figs, result, started, workers), encoding="utf-8")
    return result


def _latency_series(findings: Findings, started: float, share: float) -> dict[str, list[tuple[float, float]]]:
    series: dict[str, list[tuple[float, float]]] = {}
    for start, bucket in sorted(findings.timeline.items()):
        for action, histogram in bucket["latency"].items():
            value = percentile({int(k): v for k, v in histogram.items()}, share)
            if value is not None:
                series.setdefault(action, []).append((start - started, value))
    return series


def _page(plan: LoadPlan, findings: Findings, figs: dict[str, Any], result: Verdict, started: float,
          workers: int) -> str:
    esc = html.escape
    when = datetime.fromtimestamp(started, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    rows = []
    for rule_name, entry in sorted(findings.violations.items(), key=lambda kv: -kv[1]["count"]):
        rule = rules.lookup(rule_name)
        examples = "".join(
            f"<li><b>{esc(e['charger'])}</b>: {esc(e['message'])}"
            + (f"<pre>{esc(e['frame'])}</pre>" if e.get("frame") else "") + "</li>" for e in entry["examples"])
        meaning = f"{esc(rule.meaning)}<br><small>{esc(rule.source)}</small>" if rule else ""
        rows.append(f"<tr class='{entry['severity']}'><td><code>{esc(rule_name)}</code></td><td>{entry['count']}</td>"
                    f"<td>{entry['severity']}</td><td>{meaning}<ul>{examples}</ul></td></tr>")
    violations = ("<table><tr><th>rule</th><th>count</th><th>severity</th><th>meaning, first examples</th></tr>"
                  + "".join(rows) + "</table>") if rows else "<p>None: every frame passed every check.</p>"
    crow = "".join(
        f"<tr><td>{esc(kind)}</td><td>{e['count']}</td><td><ul>"
        + "".join(f"<li>{esc(x['charger'])}: {esc(x['detail'])}</li>" for x in e["examples"]) + "</ul></td></tr>"
        for kind, e in sorted(findings.connection_errors.items()))
    connections = ("<table><tr><th>kind</th><th>count</th><th>first examples</th></tr>" + crow + "</table>"
                   if crow else "<p>None.</p>")
    arow = "".join(
        f"<tr><td>{esc(a)}</td><td>{v['answers']}</td>"
        + "".join(f"<td>{'' if v[k] is None else f'{v[k]:.0f}'}</td>" for k in ("p50_ms", "p95_ms", "p99_ms"))
        + "</tr>" for a, v in figs["per_action"].items())
    storm = figs["boot_storm"]
    storm_text = (f"<p>Boot storm: {storm['chargers']} chargers from reconnect to Accepted, median "
                  f"{storm['p50_ms']:.0f} ms, slowest {storm['max_ms']:.0f} ms.</p>" if storm["chargers"] else "")
    health = (f"<p>The load generator's own health: {figs['late_heartbeats']} of {figs['heartbeats']} heartbeats were "
              f"sent more than {plan.tolerance_s:g} s late"
              + (" (the generator was overloaded: latencies include its own delay)." if figs['late_heartbeats'] else ".")
              + "</p>")
    status = "FAILED" if result.exit_code else "passed"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Load run: {esc(plan.sut)}: {status}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 70em; }}
table {{ border-collapse: collapse; margin: 1em 0; }} td, th {{ border: 1px solid #ccc; padding: 4px 8px;
vertical-align: top; text-align: left; }} tr.error td:first-child {{ color: #b00; }}
pre {{ background: #f4f4f4; padding: 4px; white-space: pre-wrap; word-break: break-all; max-width: 50em; }}
.verdict {{ font-size: 1.3em; font-weight: bold; color: {'#b00' if result.exit_code else '#070'}; }}
</style></head><body>
<h1>Load run against {esc(plan.sut)}</h1>
<p class="verdict">{status}</p>
<p>{esc(result.summary)}</p>
<p>Started {when}; {figs['seconds']} s; scenario <b>{esc(plan.scenario)}</b>; {plan.chargers} chargers at
{plan.spawn_rate:g} per second{f'; {workers} Locust workers' if workers else ''}; peak connected
{figs['peak_connected']}; {figs['frames']} frames checked ({figs['frames_per_s']} per second); p99 answer latency
{'' if figs['p99_ms'] is None else f"{figs['p99_ms']:.0f} ms"}; error budget {plan.error_budget:.2%}, used
{findings.budget_share:.2%}.</p>
{storm_text}
{health}
<h2>Violations per rule</h2>
{violations}
<h2>Connection errors</h2>
{connections}
<h2>Over time</h2>
{_svg_lines(f"Chargers connected (the most in each {BUCKET_S} s)", {"connected": figs["connected_series"]}, "chargers")}
{_svg_lines("Messages per second (both directions)", {"frames/s": figs["rate_series"]}, "frames per second")}
{_svg_lines("Answer latency p50 per action", _latency_series(findings, started, 0.5), "ms")}
{_svg_lines("Answer latency p99 per action", _latency_series(findings, started, 0.99), "ms")}
<h2>Answer latency per action (whole run)</h2>
<table><tr><th>action</th><th>answers</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th></tr>{arow}</table>
<p>Locust's own reports: <a href="locust.html">locust.html</a>, locust_stats.csv, locust_failures.csv.</p>
</body></html>
"""
