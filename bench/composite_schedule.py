"""Composite schedules per second for stacks of 1 to 10 charging profiles.

Two implementations are timed on the same stacks: the suite's own (conformance.checks.
charging_schedule: interval merging, what every SmartCharging case runs to judge a
GetCompositeSchedule.conf) and the reference charge point's (per-second sampling, what it
answers with). Each stack mixes ChargePointMaxProfile, TxDefaultProfile and TxProfile of
random stack levels, validity and up to 5 periods (seeded, so runs compare); the schedule is
asked for `--duration` seconds. Bounded: each measurement stops after `--seconds`.

    .venv/bin/python bench/composite_schedule.py                  # 3600 s schedules, 1 s per cell
    .venv/bin/python bench/composite_schedule.py --duration 400 --seconds 0.5
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta

from conformance.checks import charging_schedule
from conformance.reference.charge_point.state.charging_profiles import ChargingProfiles

T0 = datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC)


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def stack(rng: random.Random, size: int, duration: int) -> list[tuple[int, dict]]:
    profiles = []
    for pid in range(1, size + 1):
        purpose = rng.choice(["ChargePointMaxProfile", "TxDefaultProfile", "TxProfile"])
        starts = sorted({0, *rng.sample(range(1, duration), min(4, duration - 1))})
        offset = rng.randint(-duration // 4, duration // 4)
        profile = {"chargingProfileId": pid, "stackLevel": rng.randint(0, 5), "chargingProfilePurpose": purpose,
                   "chargingProfileKind": "Absolute",
                   "validFrom": iso(T0 + timedelta(seconds=offset)),
                   "validTo": iso(T0 + timedelta(seconds=offset + rng.randint(duration // 2, 2 * duration))),
                   "chargingSchedule": {"duration": rng.randint(duration // 4, duration), "chargingRateUnit": "A",
                                        "startSchedule": iso(T0 + timedelta(seconds=offset)),
                                        "chargingSchedulePeriod": [{"startPeriod": s, "limit": float(rng.randint(6, 32))}
                                                                   for s in starts]}}
        if purpose == "TxProfile":
            profile["transactionId"] = 7
        profiles.append((0 if purpose == "ChargePointMaxProfile" else 1, profile))
    return profiles


def rate(work, seconds: float) -> float:
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        work()
        done += 1
    return done / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=3600, help="seconds of each composite schedule")
    parser.add_argument("--seconds", type=float, default=1.0, help="time spent per measurement")
    args = parser.parse_args()
    rng = random.Random(17)
    situation = charging_schedule.Situation(1, transaction_id=7, local_limit=32.0)
    print(f"composite schedules per second, {args.duration} s each ({args.seconds:g} s per measurement)")
    print(f"{'profiles':>8}  {'suite (merging)':>16}  {'reference (sampling)':>20}")
    for size in range(1, 11):
        profiles = stack(rng, size, args.duration)
        parsed = [charging_schedule.Profile.from_payload(c, p) for c, p in profiles]
        store = ChargingProfiles()
        for c, p in profiles:
            store.install(c, p)
        now = T0.timestamp()

        def suite(parsed=parsed) -> None:
            charging_schedule.composite(parsed, situation, T0, args.duration, "A")

        def reference(store=store) -> None:
            store.composite(1, now, args.duration, "A", transaction_id=7, transaction_start=None)

        print(f"{size:>8}  {rate(suite, args.seconds):>16.0f}  {rate(reference, args.seconds):>20.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
