"""OCPP dateTime values: the UTC forms RFC 3339 (and ISO 8601) allow, and forms they do not.

A SUT must accept every valid UTC form it is sent and send only UTC itself. Lowercase `t`
and `z` are a policy of their own: RFC 3339 §5.6 allows them, ISO 8601 does not, so a SUT
may accept or refuse them (see docs/robustness.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hypothesis import strategies as st

# Instants worth aiming at: leap days, year and month ends, the epoch, 32-bit Unix time's end.
_EDGES = [datetime(2024, 2, 29, 23, 59, 59), datetime(2023, 12, 31, 23, 59, 59), datetime(2024, 1, 1, 0, 0, 0),
          datetime(2000, 2, 29, 12, 0, 0), datetime(1970, 1, 1, 0, 0, 0), datetime(2038, 1, 19, 3, 14, 7),
          datetime(2099, 12, 31, 23, 59, 59), datetime(2025, 6, 30, 23, 59, 59)]

_EPOCH = datetime(1970, 1, 1)
_SPAN_S = int((datetime(2099, 12, 31) - _EPOCH).total_seconds())
# Seconds since the epoch are cheaper to draw than st.datetimes() and cover the same range.
instants = st.one_of(st.sampled_from(_EDGES), st.integers(0, _SPAN_S).map(lambda s: _EPOCH + timedelta(seconds=s)))


@st.composite
def _fraction(draw: st.DrawFn) -> str:
    digits = draw(st.integers(0, 9))
    return "" if digits == 0 else "." + str(draw(st.integers(0, 10**digits - 1))).zfill(digits)


_FUTURE = datetime(2030, 1, 1)
future_instants = st.one_of(st.sampled_from([e for e in _EDGES if e > _FUTURE]),
                            st.integers(int((_FUTURE - _EPOCH).total_seconds()), _SPAN_S)
                            .map(lambda s: _EPOCH + timedelta(seconds=s)))


@st.composite
def valid_utc_timestamps(draw: st.DrawFn, future: bool = False) -> str:
    """RFC 3339 date-times in UTC: 0 to 9 fractional digits, `Z` or `+00:00`, uppercase `T`.

    `future`: only instants from 2030 on (an expiry date that must not have passed)."""
    moment = draw(future_instants if future else instants)
    zone = draw(st.sampled_from(["Z", "+00:00"]))
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + draw(_fraction()) + zone


@dataclass(frozen=True)
class BadTimestamp:
    form: str    # which rule of RFC 3339 / OCPP's UTC the value breaks
    value: str


def _bad(form: str, strategy: st.SearchStrategy[str]) -> st.SearchStrategy[BadTimestamp]:
    return strategy.map(lambda value: BadTimestamp(form, value))


_base = instants.map(lambda m: m.strftime("%Y-%m-%dT%H:%M:%S"))

INVALID_FORMS = {
    "no_zone_designator": _base,
    "non_utc_offset": st.tuples(_base, st.sampled_from(["+02:00", "-05:00", "+05:30", "-00:30", "+14:00"])).map("".join),
    "space_instead_of_t": _base.map(lambda v: v.replace("T", " ") + "Z"),
    "out_of_range_field": st.sampled_from(["2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2023-02-29T12:00:00Z",
                                           "2024-01-32T00:00:00Z", "2024-01-01T24:00:01Z", "2024-01-01T23:60:00Z",
                                           "2024-01-01T23:59:61Z", "2024-00-10T10:00:00Z"]),
    "missing_seconds": instants.map(lambda m: m.strftime("%Y-%m-%dT%H:%MZ")),
    "basic_format": instants.map(lambda m: m.strftime("%Y%m%dT%H%M%SZ")),
    "date_only": instants.map(lambda m: m.strftime("%Y-%m-%d")),
    "offset_without_colon": _base.map(lambda v: v + "+0000"),
    "unix_epoch_number_as_text": instants.map(lambda m: str(int((m - datetime(1970, 1, 1)) / timedelta(seconds=1)))),
}


def invalid_timestamps() -> st.SearchStrategy[BadTimestamp]:
    """dateTime values neither RFC 3339 nor OCPP's UTC rule allow, each named by its form."""
    return st.one_of([_bad(form, strategy) for form, strategy in INVALID_FORMS.items()])


@st.composite
def lowercase_timestamps(draw: st.DrawFn) -> str:
    """UTC date-times with a lowercase `t` and/or `z`: RFC 3339 allows them, ISO 8601 does not."""
    moment = draw(instants)
    t, z = draw(st.sampled_from([("t", "Z"), ("T", "z"), ("t", "z")]))
    return moment.strftime(f"%Y-%m-%d{t}%H:%M:%S") + draw(_fraction()) + z
