"""Which rows a trace becomes in the sequence diagram, and what each row's label says.

A frame in a few words (lists and objects with their content, cut between fields); a long trace
bounded to its ends and its findings; runs of the same request and answer folded into one row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..transport.trace import EVENT, SUT_TO_HARNESS

HEAD, TAIL = 220, 160   # rows kept of a trace longer than HEAD + TAIL
FOLD_AFTER = 2          # a run of identical request/answer pairs beyond this many folds into one row


@dataclass(frozen=True)
class Failure:
    """What failed the case: the rule, its message, the offending frame (if one) and when."""

    rule: str
    message: str
    frame: str | None = None
    step: str | None = None
    monotonic: float | None = None


def describe_frame(text: str, actions: dict[str, str]) -> tuple[str, str]:
    """A frame in a few words ("StatusNotification.req connectorId=1 status=Preparing") and its kind."""
    try:
        frame = json.loads(text)
    except (ValueError, TypeError):
        return f"not OCPP-J: {_short(text, 60)}", "garbage"
    if not isinstance(frame, list) or len(frame) < 3 or frame[0] not in (2, 3, 4):
        return f"not OCPP-J: {_short(text, 60)}", "garbage"
    uid = str(frame[1])
    if frame[0] == 2 and len(frame) >= 4:
        return f"{frame[2]}.req {_fields(frame[3])}".rstrip(), "CALL"
    if frame[0] == 3:
        return f"{actions.get(uid, 'answer')}.conf {_fields(frame[2])}".rstrip(), "CALLRESULT"
    code = frame[2] if len(frame) > 2 else "?"
    return f"CALLERROR {code} to {actions.get(uid, 'a CALL')}", "CALLERROR"


def _fields(payload: Any) -> str:
    if not isinstance(payload, dict):
        return ""
    return " ".join(f"{key}={_value(value)}" for key, value in payload.items())


def _value(value: Any, depth: int = 0) -> str:
    """A field's value in a few characters: lists and objects with their content, nested ones abridged."""
    if isinstance(value, dict):
        if depth >= 2:
            return "{…}"
        return "{" + ", ".join(f"{k}={_value(v, depth + 1)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        if depth >= 2:
            return f"[{len(value)} items]"
        shown = [_value(v, depth + 1) for v in value[:3]]
        more = f", +{len(value) - 3} more" if len(value) > 3 else ""
        return "[" + ", ".join(shown) + more + "]"
    return str(value)


def _fitted(label: str, limit: int) -> str:
    """A label cut between fields, never inside one (a timestamp or an id stays whole), saying what is left out."""
    text = " ".join(str(label).split())
    if len(text) <= limit:
        return text
    segments, depth, start = [], 0, 0   # the label's top-level words: a field with its nested content
    for n, char in enumerate(text):
        depth += (char in "[{") - (char in "]}")
        if char == " " and depth <= 0:
            segments.append(text[start:n])
            start = n + 1
    segments.append(text[start:])
    kept: list[str] = []
    for n, segment in enumerate(segments):
        if n and len(" ".join([*kept, segment])) > limit - 12:
            left = sum(1 for w in segments[n:] if "=" in w) or len(segments) - n
            return " ".join(kept) + f" … +{left} field{'s' if left != 1 else ''}"
        kept.append(segment)
    return _short(text, limit)


def _actions_by_id(rows: list[dict[str, Any]]) -> dict[str, str]:
    """The action of every CALL by its message id, to name the answers."""
    actions: dict[str, str] = {}
    for row in rows:
        if row["direction"] == EVENT:
            continue
        try:
            frame = json.loads(row["text"])
        except (ValueError, TypeError):
            continue
        if isinstance(frame, list) and len(frame) >= 3 and frame[0] == 2:
            actions[str(frame[1])] = str(frame[2])
    return actions


def _failing_seq(rows: list[dict[str, Any]], failure: Failure | None) -> int | None:
    """The trace entry the failure names: the same frame text, else the same message id and type."""
    if failure is None or not failure.frame:
        return None
    named = failure.frame.strip()
    received = [r for r in rows if r["direction"] == SUT_TO_HARNESS]
    for row in received:
        if row["text"].strip() == named:
            return row["seq"]
    try:
        frame = json.loads(named)
    except (ValueError, TypeError):
        return None
    for row in received:
        try:
            other = json.loads(row["text"])
        except (ValueError, TypeError):
            continue
        if isinstance(frame, list) and isinstance(other, list) and frame[:2] == other[:2]:
            return row["seq"]
    return None


def _position(rows: list[dict[str, Any]], monotonic: float | None) -> int:
    """Where a failure without a frame goes: at the moment it was decided, else at the end."""
    if monotonic is None:
        return len(rows)
    for n, row in enumerate(rows):
        if row.get("monotonic") and row["monotonic"] > monotonic:
            return n
    return len(rows)


def _bounded(items: list[tuple[str, Any]], failing: int | None) -> list[tuple[str, Any]]:
    """A long trace's beginning, end, and every frame with a finding between; gaps counted."""
    if len(items) <= HEAD + TAIL:
        return items

    def keep(n: int, item: tuple[str, Any]) -> bool:
        kind, value = item
        return (n < HEAD or n >= len(items) - TAIL or kind == "failure"
                or (kind == "entry" and (value.get("checks") or value["seq"] == failing)))

    kept: list[tuple[str, Any]] = []
    gap = 0
    for n, item in enumerate(items):
        if keep(n, item):
            if gap:
                kept.append(("gap", gap))
                gap = 0
            kept.append(item)
        else:
            gap += 1
    if gap:
        kept.append(("gap", gap))
    return kept


def _pair_key(entry: dict[str, Any], actions: dict[str, str]) -> tuple | None:
    """What makes a frame the same as another for folding: direction, action, payload without ids and
    times; None for a frame that must stay a row of its own (a finding, an event)."""
    if entry["direction"] == EVENT or entry.get("checks"):
        return None
    try:
        frame = json.loads(entry["text"])
    except (ValueError, TypeError):
        return None
    if not isinstance(frame, list) or len(frame) < 3 or frame[0] not in (2, 3):
        return None
    payload = frame[3] if frame[0] == 2 and len(frame) > 3 else frame[2]
    if not isinstance(payload, dict):
        return None
    steady = {k: v for k, v in payload.items() if k not in ("currentTime", "timestamp")}
    action = frame[2] if frame[0] == 2 else actions.get(str(frame[1]), "")
    return (entry["direction"], frame[0], action, json.dumps(steady, sort_keys=True), entry.get("step"))


def _folded(items: list[tuple[str, Any]], failing: int | None) -> list[tuple[str, Any]]:
    """Runs of the same request and answer (heartbeats every second) as their first pairs and one row."""
    actions = _actions_by_id([v for k, v in items if k == "entry"])

    def key(n: int) -> tuple | None:
        kind, value = items[n]
        if kind != "entry" or value["seq"] == failing:
            return None
        return _pair_key(value, actions)

    out: list[tuple[str, Any]] = []
    n = 0
    while n < len(items):
        first, second = key(n), key(n + 1) if n + 1 < len(items) else None
        if first is None or second is None or first[1] != 2 or second[1] != 3:
            out.append(items[n])
            n += 1
            continue
        end = n + 2
        while end + 1 < len(items) and key(end) == first and key(end + 1) == second:
            end += 2
        pairs = (end - n) // 2
        keep = min(pairs, FOLD_AFTER) * 2
        out += items[n:n + keep]
        if pairs > FOLD_AFTER:
            folded = [v for _, v in items[n + keep:end]]
            out.append(("fold", (pairs - FOLD_AFTER, f"{first[2]}.req / {first[2]}.conf", folded[0].get("at", ""),
                                 folded[-1].get("at", ""))))
        n = end
    return out


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
