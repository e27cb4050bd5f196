"""A case's message flow as a sequence diagram, drawn as SVG from its trace.

The harness's lifeline on the left, the SUT's on the right; every frame an arrow with its
wall-clock time and plan step; operator actions and the harness's other events as notes
across both lifelines; a frame that broke a check in red (a warning in amber); the frame
that failed the case, and its rule, marked. Long traces keep their beginning, their end and
every frame with a finding; the diagram says how many frames it leaves out (the trace has all).
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any
from xml.sax.saxutils import escape

from ..transport.trace import EVENT, HARNESS_TO_SUT
from .sequence_rows import (  # noqa: F401  (Failure, HEAD, TAIL, FOLD_AFTER, describe_frame: this module's too)
    FOLD_AFTER,
    HEAD,
    TAIL,
    Failure,
    _actions_by_id,
    _bounded,
    _failing_seq,
    _first_line,
    _fitted,
    _folded,
    _position,
    _short,
    describe_frame,
)

WIDTH = 980
TIME_X = 8            # the time and step column
HARNESS_X = 200
HEAD_W = 300          # a lifeline's header box, centred on it
SUT_X = WIDTH - HEAD_W // 2 - 10
FRAME_H = 38
NOTE_H = 26
TOP = 64
LABEL_CHARS = 92
NOTE_CHARS = 120
FULL_CHARS = 96       # a frame in full, when a reader clicks (or taps) its row: characters per line
FULL_LINE_H = 14


def render(entries: list[Any], *, harness: str, sut: str, failure: Failure | None = None, dropped: int = 0,
           title: str = "") -> str:
    """The SVG document of a trace (`entries`: trace Entry objects or their dicts)."""
    rows = [asdict(e) if is_dataclass(e) else dict(e) for e in entries]
    failing = _failing_seq(rows, failure)
    items: list[tuple[str, Any]] = [("entry", r) for r in rows]
    if failure is not None and failing is None:
        items.insert(_position(rows, failure.monotonic), ("failure", failure))
    items = _folded(_bounded(items, failing), failing)
    actions = _actions_by_id(rows)

    body: list[str] = []
    y = TOP
    for kind, item in items:
        if kind == "gap":
            body.append(_note(y, f"… {item} frames and events left out here (the trace below has them all)", "gap"))
            y += NOTE_H
        elif kind == "fold":
            count, pair, first, last = item
            body.append(_note(y, f"⟳ {count} more times {pair}, the same each time ({first} to {last}): "
                                 "folded here, the trace below has each", "fold"))
            y += NOTE_H
        elif kind == "failure":
            body.append(_note(y, _failure_text(item), "failure", title=item.message))
            y += NOTE_H
        elif item["direction"] == EVENT:
            body.append(_event(y, item))
            y += NOTE_H
        else:
            body.append(_frame(y, item, actions, failing == item["seq"], failure))
            y += FRAME_H
    if dropped:
        body.append(_note(y, f"{dropped} frames without findings were not traced (over the trace limit)", "gap"))
        y += NOTE_H
    height = y + 16
    lifelines = (f'<line class="lifeline" x1="{HARNESS_X}" y1="{TOP - 12}" x2="{HARNESS_X}" y2="{height - 8}"/>'
                 f'<line class="lifeline" x1="{SUT_X}" y1="{TOP - 12}" x2="{SUT_X}" y2="{height - 8}"/>')
    heads = _head(HARNESS_X, harness, "harness") + _head(SUT_X, sut, "sut")
    # Drawn bottom row first: a row's frame in full, opened below it, lies over the rows after it.
    body.reverse()
    label = f' aria-label="{_attr(title)}"' if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="sequence" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img"{label} font-family="sans-serif" font-size="12">'
            f"<style>{_SCOPED_STYLE}</style>{lifelines}{heads}{''.join(body)}"
            f'<text class="time" x="{TIME_X}" y="{TOP - 18}">time (UTC) / step</text>'
            "</svg>")


_STYLE = """
.lifeline{stroke:#8a94a6;stroke-width:1.5;stroke-dasharray:5 4}
.head rect{fill:#eef2f8;stroke:#4a5568}
.head.sut rect{fill:#fdf4e3}
.head text{font-weight:bold;text-anchor:middle}
.time{fill:#4a5568;font-family:monospace;font-size:11px}
.frame line{stroke:#2d3748;stroke-width:1.4}
.frame text.label{text-anchor:middle}
.frame path.tip{fill:#2d3748}
.frame.violation path.tip{fill:#c53030}
.frame.warning path.tip{fill:#b7791f}
.frame.answer line{stroke-dasharray:6 3}
.frame.violation line{stroke:#c53030}
.frame.violation text.label,.frame.violation text.finding{fill:#c53030}
.frame.warning line{stroke:#b7791f}
.frame.warning text.label,.frame.warning text.finding{fill:#975a16}
.frame.failing rect.band{fill:#fed7d7}
.frame.failing line{stroke:#c53030;stroke-width:3}
.frame.failing text.finding{font-weight:bold}
.note rect{fill:#f7fafc;stroke:#cbd5e0}
.note text.label{fill:#4a5568;font-size:11px}
.note.operator rect{fill:#fefcbf;stroke:#d69e2e}
.note.operator text.label{fill:#744210;font-weight:bold;font-size:12px}
.note.failure rect{fill:#fed7d7;stroke:#c53030;stroke-width:2}
.note.failure text.label{fill:#9b2c2c;font-weight:bold;font-size:12px}
.note.gap text.label,.note.fold text.label{font-style:italic}
.frame{cursor:pointer;outline:none}
.frame .full{display:none}
.frame:focus .full,.frame:focus-within .full{display:inline}
.frame:focus rect.hit{fill:#ebf8ff}
.frame rect.hit{fill:transparent}
.full rect{fill:#fffff0;stroke:#d69e2e}
.full text{font-family:monospace;font-size:11px;fill:#1a202c}
"""


def _scoped(css: str) -> str:
    """Every rule limited to the diagram: inline in a page, an SVG's style would apply to all of it."""
    rules = []
    for line in css.strip().splitlines():
        selectors, body = line.split("{", 1)
        rules.append(",".join(f"svg.sequence {s.strip()}" for s in selectors.split(",")) + "{" + body)
    return "".join(rules)


_SCOPED_STYLE = _scoped(_STYLE)


def _head(x: int, text: str, kind: str) -> str:
    """The lifeline's name in a box centred on it (both lifelines leave room for the box)."""
    w = HEAD_W
    return (f'<g class="head {kind}"><rect x="{x - w // 2}" y="8" width="{w}" height="28" rx="4"/>'
            f'<text x="{x}" y="27">{_text(_short(text, 44))}</text></g>')


def _frame(y: int, entry: dict[str, Any], actions: dict[str, str], failing: bool, failure: Failure | None) -> str:
    outgoing = entry["direction"] == HARNESS_TO_SUT
    x1, x2 = (HARNESS_X, SUT_X) if outgoing else (SUT_X, HARNESS_X)
    label, kind = describe_frame(entry["text"], actions)
    errors = [c for c in entry.get("checks", []) if not c.startswith("warning")]
    classes = ["frame", "answer" if kind in ("CALLRESULT", "CALLERROR") else "call"]
    if failing:
        classes.append("failing")
    if errors:
        classes.append("violation")
    elif entry.get("checks"):
        classes.append("warning")
    ay = y + 24
    tip = 8 if x2 > x1 else -8
    parts = [f'<g class="{" ".join(classes)}" data-seq="{entry["seq"]}" tabindex="0">',
             f"<title>{_text(entry['text'])}{''.join(_text(chr(10) + c) for c in entry.get('checks', []))}</title>",
             f'<rect class="hit" x="{TIME_X}" y="{y}" width="{WIDTH - 2 * TIME_X}" height="{FRAME_H}"/>']
    if failing:
        parts.append(f'<rect class="band" x="0" y="{y}" width="{WIDTH}" height="{FRAME_H}"/>')
    if failing and failure is not None and failure.step and not entry.get("step"):
        entry = {**entry, "step": failure.step}   # the step that judged it, though it matched none
    parts += [_time(y, entry),
              f'<line x1="{x1}" y1="{ay}" x2="{x2}" y2="{ay}"/>',
              f'<path d="M{x2} {ay} l{-tip} -4 l0 8 z" class="tip"/>',
              f'<text class="label" x="{(HARNESS_X + SUT_X) // 2}" y="{y + 18}">{_text(_fitted(label, LABEL_CHARS))}</text>']
    finding = ""
    if failing and failure is not None:
        finding = f"✗ failed the case: {failure.rule}: {_short(failure.message, 70)}"
    elif entry.get("checks"):
        finding = ("✗ " if errors else "⚠ ") + entry["checks"][0]
    if finding:
        parts.append(f'<text class="finding" x="{(HARNESS_X + SUT_X) // 2}" y="{y + 36}" text-anchor="middle" '
                     f'font-size="11">{_text(_short(finding, 110))}</text>')
    parts.append(_full(y + FRAME_H, entry, finding if failing and failure is not None else ""))
    parts.append("</g>")
    return "".join(parts)


def _full(y: int, entry: dict[str, Any], failed: str = "") -> str:
    """The whole frame and its findings, shown under its row while the row has the focus (a click, a tap)."""
    lines = [f"{entry.get('at', '')} {entry['direction']}"]
    for paragraph in [entry["text"], *entry.get("checks", []), *([failed] if failed else [])]:
        text = str(paragraph)
        lines += [text[i:i + FULL_CHARS] for i in range(0, max(len(text), 1), FULL_CHARS)]
    x, w = HARNESS_X - 40, SUT_X - HARNESS_X + 80
    h = FULL_LINE_H * len(lines) + 10
    texts = "".join(f'<text x="{x + 6}" y="{y + 4 + FULL_LINE_H * (n + 1) - 3}">{_text(line)}</text>'
                    for n, line in enumerate(lines))
    return f'<g class="full"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3"/>{texts}</g>'


def _event(y: int, entry: dict[str, Any]) -> str:
    text = entry["text"]
    kind = "operator" if text.lstrip("[").startswith("operator action") or "operator action [" in text else "event"
    return _note(y, text, kind, time_of=entry)


def _note(y: int, text: str, kind: str, *, title: str | None = None, time_of: dict[str, Any] | None = None) -> str:
    x, w = HARNESS_X - 30, SUT_X - HARNESS_X + 60
    time = _time(y - 8, time_of) if time_of else ""
    return (f'<g class="note {kind}"><title>{_text(title or text)}</title>{time}'
            f'<rect x="{x}" y="{y + 3}" width="{w}" height="{NOTE_H - 6}" rx="3"/>'
            f'<text class="label" x="{x + 8}" y="{y + 17}">{_text(_short(text, NOTE_CHARS))}</text></g>')


def _time(y: int, entry: dict[str, Any]) -> str:
    step = entry.get("step")
    out = f'<text class="time" x="{TIME_X}" y="{y + 20}">{_text(entry.get("at", ""))}</text>'
    if step:
        out += f'<text class="time" x="{TIME_X}" y="{y + 33}">{_text(_short("step " + str(step), 26))}</text>'
    return out


def _failure_text(failure: Failure) -> str:
    where = f"step {failure.step}: " if failure.step else ""
    message = _first_line(failure.message)
    named = failure.rule.removeprefix("broken: ")
    message = message.removeprefix(f"{named}: ")   # "SutUnreachable: ..." says the rule twice
    return f"✗ {failure.rule}: {where}{message}"


def _text(text: str) -> str:
    return escape(str(text))


def _attr(text: str) -> str:
    return escape(str(text), {'"': "&quot;"})
