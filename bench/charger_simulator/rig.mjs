// Our rig around charger-simulator 1.0.1 (npm): power, and the operator actions the simulator
// can do, behind a loopback HTTP control port.
//   node rig.mjs serve --modules DIR --url ws://127.0.0.1:P/ocpp --id CP --control PORT [--meter-seconds N]
//   node rig.mjs call --control PORT ACTION ARGS_JSON      (the SUT description's command)
// Exit 0 = done; exit 1 with one line = the action cannot be done (the case is broken).
import { fork } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const SIM = fileURLToPath(new URL("./sim.mjs", import.meta.url));
const ACTION_LIMIT_MS = 9000;

// What the simulator cannot do: no local identification, no faults, no lock, no EV side.
const UNSUPPORTED = {
  present_id_tag: "charger-simulator 1.0.1 has no local identification (it never sends Authorize or starts a transaction locally)",
  set_faulted: "charger-simulator 1.0.1 has no fault state",
  clear_fault: "charger-simulator 1.0.1 has no fault state",
  set_lock_failure: "charger-simulator 1.0.1 has no connector lock",
  unplug_ev_side: "charger-simulator 1.0.1 has no EV side of the cable",
  plug_in_halfway: "charger-simulator 1.0.1 has no connector lock",
  suspend_ev: "charger-simulator 1.0.1 has no EV model",
  resume_ev: "charger-simulator 1.0.1 has no EV model",
  drop_connection: "charger-simulator 1.0.1 cannot drop its connection without restarting",
  set_security_profile: "charger-simulator 1.0.1 has security profile 0 only",
};

async function serve() {
  const modules = option("modules"), url = option("url"), id = option("id");
  const port = Number(option("control")), meterSeconds = option("meter-seconds", "2");
  let child = null, sequence = 0;
  const pending = new Map();

  function powerOff() {
    if (!child) return;
    child.kill("SIGKILL");
    child = null;
  }
  function powerOn() {
    return new Promise((resolve, reject) => {
      const started = fork(SIM, [modules, url, id, meterSeconds], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
      child = started;
      const timer = setTimeout(() => reject(new Error("the simulator did not boot within 9 s")), ACTION_LIMIT_MS);
      started.on("message", (message) => {
        if (message.ready) { clearTimeout(timer); resolve(message.boot); return; }
        const waiting = pending.get(message.id);
        if (waiting) { pending.delete(message.id); waiting(message); }
      });
      started.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the simulator ended (${code})`));
        if (child !== started) return;
        // It ended on its own (an unhandled error): a watchdog starts it again, and it boots.
        child = null;
        console.log(`the simulator ended with exit code ${code}; starting it again`);
        powerOn().catch((error) => console.log(`restart: ${error.message}`));
      });
    });
  }
  function ask(op, args) {
    if (!child) return Promise.reject(new Error("the simulator is switched off"));
    const request = ++sequence;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { pending.delete(request); reject(new Error(`${op}: no answer within 9 s`)); }, ACTION_LIMIT_MS);
      pending.set(request, (message) => { clearTimeout(timer); message.ok ? resolve(message.result) : reject(new Error(message.error)); });
      child.send({ id: request, op, args });
    });
  }

  async function perform(action, args) {
    if (action in UNSUPPORTED) throw new Error(UNSUPPORTED[action]);
    switch (action) {
      case "power_cycle": powerOff(); return powerOn();
      case "power_off": powerOff(); return null;
      case "power_on": return powerOn();
      // The simulator's CLI keys: p sends Preparing, a sends Available for its connector.
      case "plug_in": return ask("status", { connector: args.connector ?? 1, status: "Preparing" });
      case "unplug": return ask("status", { connector: args.connector ?? 1, status: "Available" });
      default: throw new Error(`unknown operator action ${action}`);
    }
  }

  http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => { body += chunk; });
    request.on("end", async () => {
      const action = request.url.slice(1);
      try {
        const result = await perform(action, body ? JSON.parse(body) : {});
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result ?? null));
      } catch (error) {
        response.writeHead(409, { "content-type": "text/plain" }).end(String(error.message || error));
      }
    });
  }).listen(port, "127.0.0.1", () => console.log(`rig control on 127.0.0.1:${port}`));
  await powerOn().catch((error) => console.log(`first boot: ${error.message}`));
}

async function call() {
  const [action, argsJson = "{}"] = argv.filter((a, i) => !a.startsWith("--") && !argv[i - 1]?.startsWith("--")).slice(1);
  const response = await fetch(`http://127.0.0.1:${option("control")}/${action}`, {
    method: "POST", body: argsJson, signal: AbortSignal.timeout(ACTION_LIMIT_MS + 500) });
  const text = await response.text();
  console.log(text);
  process.exit(response.ok ? 0 : 1);
}

if (argv[0] === "serve") await serve();
else if (argv[0] === "call") await call().catch((error) => { console.log(String(error.message || error)); process.exit(1); });
else { console.log("usage: rig.mjs serve|call ..."); process.exit(2); }
