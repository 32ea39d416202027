// Client verdicts (docs/verdicts.md) of the official Microsoft Graph JavaScript client
// (3.0.7) with its default middleware: its RetryHandler driven through the `throttled`
// scenario (503 Retry-After 2, 429 Retry-After 1, a budget of 5 calls per 10 s), then a
// runDiagnostics poll loop as an application writes it. It must get no violation.
//
// The client waits in real time (setTimeout), so the mock runs a real clock, sped up
// (--clock real --time-scale 60: a second of waiting is a minute of the mock's clock).
// Environment (set by ../run_against_mock.sh --exec): GRAPH_MOCK_URL, NODE_EXTRA_CA_CERTS.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { Client, ResponseType } from "@microsoft/microsoft-graph-client";

const base = process.env.GRAPH_MOCK_URL;
assert.ok(base?.startsWith("https://"), "GRAPH_MOCK_URL must be the mock's https:// URL");

function accessToken() {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    aud: "https://graph.microsoft.com", iat: now, nbf: now, exp: now + 3600,
    scp: "TeamworkDevice.ReadWrite.All", tid: "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20",
  };
  return `${b64({ typ: "JWT", alg: "RS256" })}.${b64(payload)}.c2lnbmF0dXJl`;
}

const client = Client.init({
  authProvider: (done) => done(null, accessToken()),
  baseUrl: base,
  defaultVersion: "beta",
  customHosts: new Set([new URL(base).hostname]),
});

async function admin(method, path) {
  const res = await fetch(base + path, { method });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

test("the Graph JavaScript client through `throttled` and a poll loop: no violation", async () => {
  await admin("POST", "/_mock/scenarios/throttled");
  const state = await admin("GET", "/_mock/state");
  const idle = state.teamworkDevices.find(
    (d) => !d.operations.some((o) => ["queued", "scheduled", "inProgress"].includes(o.status)));
  assert.ok(idle, "an idle device after loading the scenario");
  await admin("DELETE", "/_mock/requests");

  // The RetryHandler rides through the 503 and the 429, waiting their Retry-After.
  const accepted = await client.api(`/teamwork/devices/${idle.id}/runDiagnostics`)
    .responseType(ResponseType.RAW).post();
  assert.equal(accepted.status, 202);
  const location = accepted.headers.get("Location");

  // The application polls the operation every 200 ms (12 s of the mock's clock) until it ends.
  let op;
  for (let i = 0; i < 100; i++) {
    op = await client.api(location).get();
    if (["successful", "failed"].includes(op.status)) break;
    await sleep(200);
  }
  assert.equal(op.status, "successful");

  const calls = (await admin("GET", "/_mock/requests")).value;
  assert.deepEqual(calls.filter((e) => e.method === "POST").map((e) => e.status), [503, 429, 202],
    "the RetryHandler retried the throttled action");
  assert.ok(calls.filter((e) => e.method === "GET").length >= 2, "the operation was polled");

  const verdicts = await admin("GET", "/_mock/verdicts");
  assert.equal(verdicts.exchanges, calls.length);
  assert.equal(verdicts.violations, 0, JSON.stringify(verdicts.value, null, 2));
  await admin("POST", "/_mock/reset");
});
