"""The SUT description's keys, for docs/sut-file.md and the templates fixtures/suts/template-*.toml.

Which keys exist and their types come from the loader (`_SCHEMA` of conformance.sut.profile),
defaults from TestData and CAPABILITIES, meanings from conformance.sut.keys; so a key added to
the loader appears in both at the next `python -m conformance.docs`.
"""

from __future__ import annotations

import inspect
import json
import textwrap
import tomllib
from dataclasses import fields
from functools import cache
from typing import Any

from ..catalog import PROFILES, catalog
from ..ocpp.actions import Role
from ..sut import profile as sut_profile
from ..sut.capabilities import CAPABILITIES
from ..sut.driver import ACTIONS
from ..sut.keys import CP, CSMS, KEYS, TABLES, Key
from .actions import action_list
from .cases import case_files
from .markdown import cell
from .plan_order import plan_order

WIDTH = 95


def schema() -> dict[str, dict[str, tuple[Any, bool]]]:
    return sut_profile._SCHEMA


def _type(kind: Any) -> str:
    if isinstance(kind, tuple):
        return "one of " + ", ".join(json.dumps(v) for v in kind)
    return {str: "string", int: "integer", float: "number", bool: "true/false", list: "list"}.get(kind, kind.__name__)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


_TEST_DATA = {f.name: f.default for f in fields(sut_profile.TestData)}


@cache
def _field_comments() -> dict[str, str]:
    """The comment written above (or beside) each field of TestData, where a key is defined."""
    lines = inspect.getsource(sut_profile.TestData).splitlines()
    found, above = {}, []
    for line in lines:
        text = line.strip()
        if text.startswith("#"):
            above.append(text.lstrip("# "))
            continue
        name, colon, rest = text.partition(":")
        if colon and name.isidentifier() and "=" in rest:
            beside = rest.split("#", 1)[1].strip() if "#" in rest else ""
            said = " ".join([*above, beside]).strip()
            if said:
                found[name] = said.rstrip(".")
        above = []
    return found


def key_doc(table: str, key: str) -> Key:
    """The key's words: conformance.sut.keys, CAPABILITIES for a capability, or else the comment at
    a TestData field (so a key added there is documented where it is defined); else empty."""
    if table == "capabilities" and key in CAPABILITIES:
        cap = CAPABILITIES[key]
        suffix = f" (a feature of the {cap.profile} profile)" if cap.profile else ""
        return Key(cap.meaning + suffix, _toml(cap.default))
    if key in KEYS.get(table, {}):
        return KEYS[table][key]
    if table == "test_data" and key in _field_comments():
        return Key(_field_comments()[key])
    return Key("")


def default(table: str, key: str) -> str:
    doc = key_doc(table, key)
    if doc.default is not None:
        return doc.default
    if table == "test_data" and _TEST_DATA.get(key) is not None:
        return _toml(_TEST_DATA[key])
    return ""


def undocumented() -> list[str]:
    """Keys the loader accepts that have no meaning anywhere key_doc looks."""
    return [f"[{t}] {k}" for t, keys in schema().items() for k in keys if not key_doc(t, k).meaning]


def keys_md() -> str:
    rows = ["| table | key | type | meaning | default |", "|---|---|---|---|---|"]
    for table, keys in schema().items():
        first = True
        if not keys:
            rows.append(f"| `[{table}]` | any | string | {cell(TABLES.get(table, ''))} | |")
        for key, (kind, _) in keys.items():
            doc = key_doc(table, key)
            sut = f"{'charge point' if doc.roles == (CP,) else 'central system'} SUT"
            roles = "" if set(doc.roles) == {CP, CSMS} or doc.meaning.startswith(sut) else f" ({sut})"
            shown = default(table, key)
            shown = f"`{shown}`" if shown and _literal(shown) else shown
            rows.append(f"| {f'`[{table}]`' if first else ''} | `{key}` | {_type(kind)} | "
                        f"{cell(doc.meaning)}{roles} | {cell(shown)} |")
            first = False
    return "\n".join(rows)


# -- the templates ---------------------------------------------------------------------------------

_INTRO = {
    CP: "Template: describe YOUR OWN charge point as the system under test (SUT).\n\n"
        "In this role the harness plays the OCPP 1.6J central system: it listens at [sut] listen and "
        "your charger connects to {listen}/{charge_point_id} with subprotocol ocpp1.6. Copy this file, "
        "change what differs, then run"
        "\n    ocpp-conformance list --sut my-charger.toml     (which cases apply, and why)"
        "\n    ocpp-conformance run  --sut my-charger.toml",
    CSMS: "Template: describe YOUR OWN central system (CSMS) as the system under test (SUT).\n\n"
          "In this role the harness plays an OCPP 1.6J charge point: it connects to "
          "{url}/{charge_point_id}, boots and does what each case prescribes. Before a run, register the "
          "charge point in your central system (its charge_point_id, its password with security profile 1 "
          "or 2) and the idTags of [test_data]. Copy this file, change what differs, then run"
          "\n    ocpp-conformance list --sut my-csms.toml     (which cases apply, and why)"
          "\n    ocpp-conformance run  --sut my-csms.toml",
}
_GENERATED = """Generated by `python -m conformance.docs` from the loader (conformance/sut/profile.py),
the key meanings (conformance/sut/keys.py) and the case files: do not edit the template itself.
Every key the loader accepts for this role is shown: set ones are required or worth setting, a
commented one shows its default. An unknown table or key, or a wrong type, stops the run with one
line naming the file and the key (exit code 2). All keys: docs/sut-file.md."""


def _comment(text: str, indent: str = "") -> list[str]:
    """`text` as comment lines: paragraphs wrapped, a line that starts with spaces kept as it is."""
    lines = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append("#")
        for number, part in enumerate(paragraph.split("\n    ")):
            if number:
                lines.append(f"#     {part}".rstrip())
                continue
            wrapped = textwrap.wrap(part.replace("\n", " "), WIDTH - 2 - len(indent)) or [""]
            lines += [f"# {indent}{line}".rstrip() for line in wrapped]
    return lines


def _literal(text: str) -> bool:
    try:
        tomllib.loads(f"x = {text}")
    except tomllib.TOMLDecodeError:
        return False
    return True


def _key_lines(role: str, table: str, key: str) -> list[str]:
    doc = key_doc(table, key)
    if role not in doc.roles:
        return []
    said = doc.meaning.replace("`", "")
    said = said[:1].upper() + said[1:]
    shown = default(table, key).replace("`", "")
    lines = _comment(f"{said}. " + ("Required." if doc.required else f"Default: {shown}." if shown else "Default: unset."))
    if table == "sut" and key == "role":
        lines.append(f"{key} = {json.dumps(role)}")
    elif doc.example is not None:
        lines.append(f"{key} = {doc.example}")
    elif table == "test_data" and _TEST_DATA.get(key) is not None:
        lines.append(f"# {key} = {_toml(_TEST_DATA[key])}")
    elif table == "capabilities" and key in CAPABILITIES:
        lines.append(f"# {key} = {_toml(CAPABILITIES[key].default)}")
    elif doc.default is not None and _literal(doc.default):
        lines.append(f"# {key} = {doc.default}")
    else:
        lines.append(f"# {key} = ...")
    return lines + [""]


def _cases(role: Role) -> list[str]:
    entries, files = catalog(), case_files()
    ids = plan_order([i for i in files if i in entries and entries[i].sut_role is role])
    width = max(len(i) for i in ids)
    return [f"  {i.ljust(width)}  {action_list(list(files[i].actions)).replace('`', '')}" for i in ids]


def template(role: str) -> str:
    sut_role = Role(role)
    lines = _comment(_INTRO[role]) + ["#"] + _comment(_GENERATED) + [""]
    for table, keys in schema().items():
        if table == "actions":
            lines += ["# " + "-" * (WIDTH - 2), f"[{table}]"] + _comment(TABLES[table]) + ["#"]
            lines += _comment("The actions of this role (parameters as JSON):")
            mine = [(n, p, t) for n, (r, p, t) in ACTIONS.items() if r is sut_role]
            for name, params, text in mine:
                lines += _comment(f"{name} {params}", "  ") + _comment(text, "      ")
            lines += ["#"] + _comment("What each implemented case may ask for (after a case the baseline may also "
                                      "ask for unplug, clear_fault or power_cycle):")
            lines += ["# " + line for line in _cases(sut_role)] + [""]
            lines += [line for key in keys for line in _key_lines(role, table, key)]
            continue
        if keys and not any(line for key in keys for line in _key_lines(role, table, key)):
            continue   # a table of the other role only ([load] is a central system's)
        optional = table in ("reference", "robustness")
        lines += ["# " + "-" * (WIDTH - 2), f"{'# ' if optional else ''}[{table}]"] + _comment(TABLES[table]) + [""]
        if table == "capabilities":
            lines += _comment("Known profiles: " + ", ".join(PROFILES) + ".") + [""]
        if table == "notes":
            lines += ['# version = "1.2.3"', ""]
        lines += [line for key in keys for line in _key_lines(role, table, key)]
    return "\n".join(lines).rstrip() + "\n"
