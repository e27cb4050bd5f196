// One powered-on charger-simulator: a child process of rig.mjs, so that cutting the power is
// ending this process (the simulator keeps no handle to close its connection).
// It takes requests from rig.mjs over IPC and makes the library send them to the central system.
import { createRequire } from "node:module";

const [modules, url, identity, meterSeconds] = process.argv.slice(2);
const require = createRequire(modules + "/");
const { ChargerSimulator } = require("charger-simulator/dist/ChargerSimulator.js");

const CALL_LIMIT_MS = 8000;
const bounded = (promise) => Promise.race([
  promise, new Promise((_, reject) => setTimeout(() => reject(new Error("no answer within 8 s")), CALL_LIMIT_MS))]);

const simulator = new ChargerSimulator({
  centralSystemEndpoint: url,
  chargerIdentity: identity,
  // The library's own options; its defaults (8 s) are longer than the suite's message timeout.
  startDelayMs: 500,
  stopDelayMs: 500,
  // A string: given as a number (its declared type), GetConfiguration.conf carries the number
  // as the key's value, which the OCPP schema refuses, and every case would fail on that alone.
  meterValuesIntervalSec: meterSeconds,
  defaultHeartbeatIntervalSec: 10,
});

async function status(connectorId, value) {
  return bounded(simulator.centralSystem.StatusNotification({ connectorId, errorCode: "NoError", status: value }));
}

process.on("message", async ({ id, op, args }) => {
  try {
    let result = null;
    if (op === "status") result = await status(args.connector, args.status);
    else throw new Error(`unknown request ${op}`);
    process.send({ id, ok: true, result });
  } catch (error) {
    process.send({ id, ok: false, error: String(error.message || error) });
  }
});

// The library retries the connection on its own until the central system listens.
await simulator.start();
// charger-simulator 1.0.1 declares bootOnStart but sends no BootNotification itself; a
// program using it as a library boots it and reports its connectors, as its CLI's keys do.
const boot = await bounded(simulator.centralSystem.BootNotification({ chargePointVendor: "Test", chargePointModel: "1" }));
// Only an Accepted boot is followed by the connectors' statuses; nothing retries another answer.
if (boot.status === "Accepted") {
  await status(0, "Available");
  await status(1, "Available");
}
process.send({ ready: true, boot });
