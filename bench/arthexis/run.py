"""Recipe: the Core `_CSMS` cases against Arthexis (PyPI `arthexis`), a Django central system.

    python3 -m venv /tmp/arthexis && /tmp/arthexis/bin/pip install arthexis   # once
    apt-get install redis-server                                               # once
    .venv/bin/python bench/arthexis/run.py --arthexis-python /tmp/arthexis/bin/python

It prepares a fresh Arthexis in a temporary directory (SQLite database, migrations, seed),
starts a Redis server for its channel layer (Arthexis delivers operator requests to a live
charger only through a shared channel layer), provisions the suite's charge point and idTags,
starts Arthexis under daphne on loopback, and runs bench/csms_core_run.py against it. Every
process it starts is stopped at the end.

What it provisions, and why:
- the charge point `CONF_CP` as a Charger with a connection password (HTTP basic auth,
  security profile 1) and the restricted authorization policy. Enrolment with the enrolment
  token would register it too, but with the open policy, under which every idTag is Accepted;
- `VALID_TAG` as an active card; `BLOCKED_TAG` and `EXPIRED_TAG` as inactive cards, the
  nearest Arthexis has (it knows no blocked or expired state); `INVALID_TAG` is unknown.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from loopback import free_port, wait_for_port  # noqa: E402

CHARGE_POINT, PASSWORD, ENROLMENT = "CONF_CP", "conformance-basic-auth", "conformance-enrolment"

PROVISION = f"""
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from apps.cards.models import CardCredential
from apps.ocpp.models import Charger
now = timezone.now()
Charger.objects.create(identity={CHARGE_POINT!r}, connection_token_hash=make_password({PASSWORD!r}),
                       enrolled_at=now, authority_cutover_at=now, authorization_mode="restricted")
CardCredential.objects.create(external_id="valid", ocpp_id_tag="VALID_TAG", active=True)
CardCredential.objects.create(external_id="blocked", ocpp_id_tag="BLOCKED_TAG", active=False)
CardCredential.objects.create(external_id="expired", ocpp_id_tag="EXPIRED_TAG", active=False)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arthexis-python", required=True, help="python of the environment arthexis is installed in")
    parser.add_argument("--redis-server", default="redis-server")
    args = parser.parse_args()
    python = args.arthexis_python
    started: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory() as tmp:
        redis_port, port = free_port(), free_port()
        hashed = subprocess.run(
            [python, "-c", "from django.conf import settings; settings.configure(); "
             "from django.contrib.auth.hashers import make_password; "
             f"print(make_password({ENROLMENT!r}))"], capture_output=True, text=True, check=True).stdout.strip()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "arthexis.settings", "ARTHEXIS_DATA_DIR": tmp,
               "ARTHEXIS_ALLOWED_HOSTS": "127.0.0.1,localhost", "ARTHEXIS_OCPP_ENROLLMENT_TOKEN_HASH": hashed,
               "ARTHEXIS_CHANNEL_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}
        try:
            started.append(subprocess.Popen([args.redis_server, "--port", str(redis_port), "--bind", "127.0.0.1",
                                             "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL))
            wait_for_port(redis_port, 10)
            for command in (["migrate", "--noinput"], ["seed"], ["shell", "-c", PROVISION]):
                subprocess.run([python, "-m", "django", *command], env=env, check=True, capture_output=True, timeout=300)
            log = open(Path(tmp) / "daphne.log", "w")
            started.append(subprocess.Popen([python, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                                             "arthexis.asgi:application"], env=env, stdout=log, stderr=log))
            wait_for_port(port, 30)
            sut = Path(tmp) / "arthexis.toml"
            sut.write_text(f"""[sut]
name = "arthexis"
role = "central-system"
charge_point_id = "{CHARGE_POINT}"
url = "ws://127.0.0.1:{port}/ws/ocpp/{{charge_point_id}}/"

[security]
profile = 1
password = "{PASSWORD}"

[capabilities]
profiles = ["Core"]
connectors = 2

[test_data]
message_timeout_s = 10
connect_timeout_s = 10
action_timeout_s = 30
heartbeat_interval_s = 300
connection_timeout_s = 2

[actions]
driver = "command"
command = "{python} {HERE / 'back_office.py'} {{action}} {{args_json}}"
""")
            done = subprocess.run([sys.executable, str(ROOT / "bench" / "csms_core_run.py"), "--sut", str(sut)],
                                  env=env, timeout=900)
            return done.returncode
        finally:
            for process in reversed(started):
                process.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(10)
                if process.poll() is None:
                    process.kill()
                    process.wait()


if __name__ == "__main__":
    sys.exit(main())
