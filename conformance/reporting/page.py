"""reports/index.html: the run as one self-contained page that opens from disk.

Styles, diagrams and traces are inside the file; it loads nothing, links nothing outside
itself, and says so to the browser (a Content-Security-Policy that allows no request), so it
can be mailed or attached to a ticket as it is. No script: what a reader needs is visible
(failed and broken cases open), the rest one click away in <details>; a link to a case
(`index.html#case-TC_003_CS`, as the matrix links) shows it open, by CSS alone.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from . import matrix
from .describe import description_lines

if TYPE_CHECKING:
    from .result import CaseResult
    from .robustness import PropertyResult

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"
CLASSES = {"passed": "pass", "passed with warnings": "warn", "failed": "fail", "broken": "broken",
           "not applicable": "na", matrix.NOT_RUN: "none", matrix.NOT_IMPLEMENTED: "none"}
OPEN = ("failed", "broken")


def render(*, run: dict[str, Any], suts: list[dict[str, Any]], groups: list[matrix.Group],
           results: list[CaseResult], beyond: list[tuple[CaseResult, str]] | None = None,
           robustness: list[PropertyResult] | None = None) -> str:
    """`run`: suite_version, started, finished, duration_s, state; `suts`: described SUTs;
    `beyond`: the checks beyond the plan with their OCPP 1.6 sections, shown apart from the plan."""
    overall = matrix.totals(groups)
    head = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
            f"<title>OCPP 1.6 conformance report: "
            f"{_e('the run did not start' if run.get('not_started') is not None else _headline(overall))}</title>"
            f"<style>{_STYLE}</style></head>")
    # First what a reader asks first (did it pass, per profile; what failed), then the matrix and
    # the cases; the SUT descriptions, which the reader wrote, last and closed.
    body = ["<body><header><h1>OCPP 1.6 conformance report</h1>", _run_table(run, overall), "</header>",
            _profile_verdicts(groups, suts), _failures(groups),
            '<section id="matrix"><h2>Verdict matrix</h2>', _matrix(groups), "</section>",
            '<section id="cases"><h2>Test cases run</h2>', _LEGEND]
    by_id = {r.id: r for r in results}
    ordered = [by_id[row.id] for g in groups for row in g.rows if row.id in by_id]
    body += [_case(r) for r in ordered] or ["<p>No test case has finished yet.</p>"]
    body.append("</section>")
    if beyond:
        body += ['<section id="beyond"><h2>Beyond the plan</h2><p class="legend">Checks of OCPP 1.6 that no plan case '
                 "makes (run with --beyond). They are not part of the plan's verdicts, counts or matrix above.</p>",
                 _beyond_table(beyond), *(_case(r) for r, _ in beyond), "</section>"]
    if robustness:
        body.append(_robustness(robustness))
    body += ['<section id="suts"><details><summary><h2>Systems under test</h2> <small>(the SUT descriptions, '
             "secrets not shown)</small></summary><div class=\"suts\">", *(_sut(s) for s in suts),
             "</div></details></section>"]
    body.append("</body></html>\n")
    return head + "".join(body)


def _headline(totals: dict[str, int]) -> str:
    shown = {k: v for k, v in totals.items() if k != matrix.NOT_IMPLEMENTED}
    return ", ".join(f"{n} {v}" for v, n in shown.items()) or "no test case"


_PROFILE_CLASSES = {matrix.PROFILE_PASSED: "pass", matrix.PROFILE_FAILED: "fail", matrix.PROFILE_INCOMPLETE: "none",
                    matrix.PROFILE_NOT_APPLICABLE: "na"}


def _profile_verdicts(groups: list[matrix.Group], suts: list[dict[str, Any]]) -> str:
    """Per SUT and each profile it declares: the counts of the plan's cases and the profile's verdict."""
    columns = matrix.VERDICTS
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    tables = []
    for sut, rows in matrix.profile_view(groups, suts):
        cells = []
        for row in rows:
            kind = _PROFILE_CLASSES.get(row.verdict, "na" if not row.declared else "none")
            counts = "".join(f'<td class="{CLASSES[c]}">{row.totals.get(c, 0) or ""}</td>' for c in columns)
            cells.append(f'<tr data-profile="{_e(row.profile)}"><th>{_e(row.profile)}</th>'
                         f'<td><span class="badge {kind}">{_e(row.verdict)}</span></td>{counts}</tr>')
        tables.append(f'<table class="profiles" data-role="{_e(sut["role"])}"><caption>{_e(sut["name"])} '
                      f"<small>({_e(matrix.ROLE_HEADINGS.get(sut['role'], sut['role']))})</small></caption><thead><tr>"
                      f"<th>profile</th><th>profile verdict</th>{head}</tr></thead><tbody>{''.join(cells)}"
                      "</tbody></table>")
    if not tables:
        return ""
    return ('<section id="verdicts"><h2>Verdict per profile</h2>' + "".join(tables)
            + f'<p class="legend">{_e(matrix.PROFILE_LEGEND)}</p></section>')


def _failures(groups: list[matrix.Group]) -> str:
    rows = [r for g in groups for r in g.rows if r.verdict in OPEN and r.counted]
    if not rows:
        return ""
    items = "".join(
        f'<tr class="{CLASSES[r.verdict]}"><td><a href="#case-{_e(r.id)}">{_e(r.id)}</a></td><td>{_e(r.title)}</td>'
        f'<td class="verdict">{_e(r.verdict)}</td><td><code>{_e(r.rule)}</code> {_e(r.detail[:200])}</td></tr>'
        for r in rows)
    return (f'<section id="failures"><h2>Failed and broken: {len(rows)}</h2><table class="matrix failures"><thead>'
            f"<tr><th>ID</th><th>title</th><th>verdict</th><th>rule / reason</th></tr></thead><tbody>{items}"
            "</tbody></table></section>")


def _run_table(run: dict[str, Any], totals: dict[str, int]) -> str:
    if run.get("not_started") is not None:
        return (f'<table class="run"><tr><th>suite</th><td>ocpp-conformance {_e(run["suite_version"])}</td></tr>'
                f'<tr><th>at</th><td>{_e(run["started"])}</td></tr></table>'
                f'<p class="totals"><span class="badge broken">the run did not start</span> '
                f'{_e(run["not_started"])}</p>')
    rows = [("suite", f"ocpp-conformance {run['suite_version']}"),
            ("started", run["started"]),
            ("finished", run.get("finished") or f"still running ({run.get('state', '')})".replace(" ()", "")),
            ("duration", _duration(run.get("duration_s")))]
    cells = " · ".join(f'<span class="run-item"><span class="key">{_e(k)}</span> {_e(str(v))}</span>' for k, v in rows)
    counts = "".join(f'<span class="badge {CLASSES.get(v, "none")}">{n} {_e(v)}</span>' for v, n in totals.items())
    return f'<p class="run">{cells}</p><p class="totals">result: {counts}</p>'


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, rest = divmod(round(seconds, 1), 60)
    return f"{int(minutes)} min {rest:.1f} s" if minutes else f"{rest:.1f} s"


def _sut(described: dict[str, Any]) -> str:
    text = "\n".join(description_lines(described))
    return (f'<div class="sut"><h3>{_e(described["name"])} <small>({_e(described["role"])}, '
            f'{_e(described["file"])}; secrets are not shown)</small></h3><pre>{_e(text)}</pre></div>')


def _matrix(groups: list[matrix.Group]) -> str:
    out, role = [_totals_table(groups)], None
    for group in groups:
        if group.role != role:
            role = group.role
            out.append(f"<h3>{_e(matrix.ROLE_HEADINGS.get(role, role))}</h3>")
        totals = "".join(f'<span class="badge {CLASSES.get(v, "none")}">{n} {_e(v)}</span>'
                         for v, n in group.totals.items())
        rows = "".join(_matrix_row(r) for r in group.rows)
        out.append(f'<table class="matrix" data-group="{_e(group.heading)}"><caption>{_e(group.profile)} '
                   f"{totals}</caption><thead><tr><th>ID</th><th>title</th><th>requirement</th><th>verdict</th>"
                   f"<th>rule / reason</th></tr></thead><tbody>{rows}</tbody></table>")
    return "".join(out)


def _totals_table(groups: list[matrix.Group]) -> str:
    """Totals per role and profile, one column per verdict: the run at a glance."""
    head = "".join(f"<th>{_e(v)}</th>" for v in matrix.VERDICTS)
    rows = "".join(f"<tr><th>{_e(g.heading)}</th>"
                   + "".join(f'<td class="{CLASSES[v]}">{g.totals.get(v, 0) or ""}</td>' for v in matrix.VERDICTS)
                   + "</tr>" for g in groups)
    total = matrix.totals(groups)
    rows += ("<tr class=\"all\"><th>all</th>"
             + "".join(f'<td class="{CLASSES[v]}">{total.get(v, 0) or ""}</td>' for v in matrix.VERDICTS) + "</tr>")
    return f'<table class="totals"><thead><tr><th>SUT role / profile</th>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _matrix_row(row: matrix.Row) -> str:
    ident = f'<a href="#case-{_e(row.id)}">{_e(row.id)}</a>' if row.has_result else _e(row.id)
    if row.covered_by:   # a legacy ID: its parts' verdict, and links to them
        parts = ", ".join(f'<a href="#case-{_e(p)}">{_e(p)}</a>' for p in row.covered_by)
        return (f'<tr id="row-{_e(row.id)}" class="{CLASSES.get(row.verdict, "none")} legacy"><td>{ident}</td>'
                f"<td>{_e(row.title)}</td><td>{_e(row.requirement)}</td>"
                f'<td class="verdict">{_e(row.verdict)}</td><td>legacy ID, covered by {parts} '
                f"(counted there)</td></tr>")
    hint = f' title="{_e(row.rule_meaning)} ({_e(row.rule_source)})"' if row.rule_meaning else ""
    why = f"<code{hint}>{_e(row.rule)}</code> " if row.rule else ""
    why += _e(row.detail[:240])
    return (f'<tr id="row-{_e(row.id)}" class="{CLASSES.get(row.verdict, "none")}"><td>{ident}</td>'
            f"<td>{_e(row.title)}</td><td>{_e(row.requirement)}</td>"
            f'<td class="verdict">{_e(row.verdict)}</td><td>{why}</td></tr>')


def _beyond_table(beyond: list[tuple[CaseResult, str]]) -> str:
    rows = "".join(
        f'<tr class="{CLASSES.get(r.verdict, "none")}"><td><a href="#case-{_e(r.id)}">{_e(r.id)}</a></td>'
        f'<td>{_e(r.title)}</td><td>{_e(section)}</td><td class="verdict">{_e(r.verdict)}</td>'
        f"<td>{f'<code>{_e(r.rule)}</code> ' if r.rule and r.verdict in OPEN else ''}"
        f"{_e(matrix.first_line(r.message)[:240])}</td></tr>" for r, section in beyond)
    return ('<table class="matrix beyond"><thead><tr><th>ID</th><th>check</th><th>section</th><th>verdict</th>'
            f"<th>rule / reason</th></tr></thead><tbody>{rows}</tbody></table>")


def _case(result: CaseResult) -> str:
    kind = CLASSES.get(result.verdict, "none")
    opened = " open" if result.verdict in OPEN else ""
    rule = f'<p class="rule">violated rule: <code>{_e(result.rule)}</code></p>' \
        if result.verdict == "failed" and result.rule else ""
    if rule and result.rule_meaning:
        rule += (f'<p class="rule-meaning">{_e(result.rule_strength)}: {_e(result.rule_meaning)}'
                 f'<br><span class="source">source: {_e(result.rule_source)}</span></p>')
    if result.verdict == "broken" and result.rule:
        rule = f'<p class="rule broken">broken (not the SUT\'s fault): <code>{_e(result.rule)}</code></p>'
    message = f'<pre class="message">{_e(result.message)}</pre>' if result.message else ""
    message += _review(result.unplanned)
    if result.verdict == "not applicable":   # nothing ran: the reason is all there is
        return (f'<article id="case-{_e(result.id)}" class="case {kind}"><details><summary>'
                f'<span class="badge {kind}">{_e(result.verdict)}</span> <b>{_e(result.id)}</b> {_e(result.title)}'
                f"</summary>{message}</details></article>")
    diagram = f'<div class="diagram">{result.svg}</div>' if result.svg else ""
    trace = result.trace if result.trace.strip() else "(no frame was exchanged and nothing happened)"
    return (f'<article id="case-{_e(result.id)}" class="case {kind}"><details{opened}><summary>'
            f'<span class="badge {kind}">{_e(result.verdict)}</span> <b>{_e(result.id)}</b> {_e(result.title)} '
            f"<small>{_e(result.profile)}, {result.duration_s:.2f} s</small></summary>{rule}{message}"
            f"<h4>Sequence diagram</h4>{diagram}"
            f'<details class="trace"{opened}><summary>Message trace</summary><pre>{_e(trace)}</pre></details>'
            "</details></article>")


def _robustness(results: list[PropertyResult]) -> str:
    """Per property: examples, verdict, findings; a failure opened, with its shrunk example and replay."""
    from .robustness import totals

    counts = "".join(f'<span class="badge {CLASSES.get(v, "none")}">{n} {_e(v)}</span>' for v, n in totals(results).items())
    rows = "".join(
        f'<tr class="{CLASSES.get(r.verdict, "none")}"><td>{_e(r.sut_role)}</td><td><a href="#{_e(_anchor(r.id))}">'
        f'{_e(r.id.split(" ", 2)[-1])}</a><br><small>{_e(r.title)}</small></td>'
        f'<td class="num">{"" if r.examples is None else r.examples}</td><td class="verdict">{_e(r.verdict)}</td>'
        f"<td>{len(r.failures) + len(r.findings) or ''}</td></tr>" for r in results)
    details = []
    for r in results:
        kind = CLASSES.get(r.verdict, "none")
        opened = " open" if r.verdict in OPEN else ""
        parts = [f"<p>{_e(r.reason)}</p>" if r.reason else ""]
        for f in r.failures:
            parts.append(f'<p class="rule">violated rule: <code>{_e(f["rule"])}</code></p><pre class="message">'
                         f'{_e(f["message"])}</pre>')
            if f["example"]:
                parts.append(f"<h4>Shrunk example</h4><pre>{_e(f['example'])}</pre>")
        if r.failures and r.replay:
            parts.append(f"<h4>Replay, from the project's root (its reports replace these)</h4><pre class=\"replay\">{_e(r.replay)}</pre>")
            if r.reproduce:
                parts.append(f"<p>or put <code>{_e(r.reproduce)}</code> on the test function.</p>")
        if r.findings:
            items = "".join(f"<li>{_e(w)}</li>" for w in dict.fromkeys(r.findings))
            parts.append(f'<details class="review"><summary>{len(r.findings)} warning(s)</summary><ul>{items}</ul>'
                         "</details>")
        details.append(f'<article id="{_e(_anchor(r.id))}" class="case {kind}"><details{opened}><summary>'
                       f'<span class="badge {kind}">{_e(r.verdict)}</span> <b>{_e(r.id)}</b> {_e(r.title)} <small>'
                       f'{"" if r.examples is None else f"{r.examples} examples, "}{r.duration_s:.2f} s</small>'
                       f"</summary>{''.join(parts)}</details></article>")
    return ('<section id="robustness"><h2>Robustness</h2><p class="legend">The robustness checks (run with '
            "--robustness): not plan cases, not in the plan's counts or matrix above.</p>"
            f'<p class="totals">{counts}</p><table class="matrix robustness"><thead><tr><th>SUT</th><th>property</th>'
            f"<th>examples</th><th>verdict</th><th>findings</th></tr></thead><tbody>{rows}</tbody></table>"
            f"{''.join(details)}</section>")


def _anchor(ident: str) -> str:
    return "robustness-" + "".join(c if c.isalnum() or c in "_-" else "-" for c in ident.removeprefix("robustness "))


def _review(unplanned: list[str]) -> str:
    """The messages the steps do not name, that broke no rule: a note for the tester, not a verdict."""
    if not unplanned:
        return ""
    items = "".join(f"<li>{_e(note)}</li>" for note in unplanned)
    return (f'<details class="review" open><summary>Seen, not in the plan: {len(unplanned)} message(s) for review '
            f"(they broke no rule; the verdict stands)</summary><ul>{items}</ul></details>")


_LEGEND = ('<p class="legend">In the sequence diagrams: the harness on the left, the SUT on the right; a solid '
           "arrow is a request (CALL), a dashed one its answer; time (UTC) and plan step on the left; yellow notes "
           "are operator actions, grey ones what the harness did; a red frame broke a rule, an amber one a "
           "recommendation; the frame on a red band (or, without a frame, the red note) is what failed the case. "
           "Click (or tap) a frame for all of it, with its findings; runs of the same heartbeat are folded into one row.</p>")


def _e(text: str) -> str:
    return escape(str(text), quote=True)


_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:1100px;padding:0 1rem;color:#1a202c}
h1{margin-bottom:.5rem}h2{border-bottom:2px solid #e2e8f0;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{padding:.25rem .6rem;text-align:left;vertical-align:top}
table.run th{color:#4a5568;font-weight:normal}p.run{margin:.2rem 0;font-size:.9rem}p.run .key{color:#4a5568}
table.profiles{font-size:.9rem;margin:.3rem 0 .6rem}table.profiles caption{text-align:left;font-weight:bold;padding:.2rem 0}
table.profiles td{text-align:right;min-width:3.2rem}table.profiles td:nth-child(2){text-align:left}
table.profiles thead th{font-weight:normal;color:#4a5568;font-size:.8rem}
table.profiles td.fail:not(:empty){color:#c53030;font-weight:bold}
#suts>details>summary{cursor:pointer}#suts>details>summary h2{display:inline;border:none}
div.suts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:0 1rem}div.sut h3{font-size:1rem}
table.matrix{width:100%;font-size:.9rem}table.matrix thead th{border-bottom:1px solid #a0aec0}
table.matrix caption{text-align:left;font-weight:bold;padding:.3rem 0}
table.matrix tr:nth-child(even){background:#f7fafc}
tr.fail td.verdict{color:#c53030;font-weight:bold}tr.broken td.verdict{color:#6b46c1;font-weight:bold}
td.verdict{white-space:nowrap}
table.totals{font-size:.85rem}table.totals td{text-align:right;min-width:4.5rem}
table.totals thead th{font-weight:normal;color:#4a5568;text-align:right}table.totals tr.all{border-top:1px solid #a0aec0}
table.totals td.fail:not(:empty){color:#c53030;font-weight:bold}table.totals td.broken:not(:empty){color:#6b46c1;font-weight:bold}
tr.pass td.verdict{color:#276749}tr.warn td.verdict{color:#975a16}tr.na td.verdict,tr.none td{color:#718096}
.badge{display:inline-block;border-radius:3px;padding:0 .4rem;margin-right:.3rem;font-size:.85rem;
  font-weight:normal;background:#edf2f7;color:#2d3748}
.badge.pass{background:#c6f6d5;color:#22543d}.badge.warn{background:#fefcbf;color:#744210}
.badge.fail{background:#fed7d7;color:#9b2c2c}.badge.broken{background:#e9d8fd;color:#44337a}
.badge.na{background:#e2e8f0;color:#4a5568}
pre{background:#f7fafc;border:1px solid #e2e8f0;padding:.5rem;overflow-x:auto;font-size:.8rem;white-space:pre-wrap}
article.case{border:1px solid #e2e8f0;border-radius:4px;margin:.5rem 0;padding:.3rem .6rem}
article.case.fail{border-color:#fc8181}article.case.broken{border-color:#b794f4}
article.case>details>summary{cursor:pointer;font-size:1rem}
/* a link to #case-ID shows that case, also a passed one, without a script (the CSP allows none) */
article.case:target>details::details-content{content-visibility:visible}
p.rule{font-weight:bold;color:#c53030}p.rule-meaning{margin-top:-.4em}p.rule-meaning .source{color:#4a5568}p.rule.broken{color:#6b46c1}pre.message{border-color:#fc8181}
.review{border-left:4px solid #d69e2e;background:#fffff0;padding:.3rem .6rem;margin:.5rem 0;font-size:.85rem}
.diagram{overflow-x:auto;border:1px solid #e2e8f0;background:#fff}
details.trace summary{cursor:pointer;margin:.5rem 0}
p.legend{font-size:.85rem;color:#4a5568}
"""
