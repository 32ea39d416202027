// The official Microsoft Graph JavaScript client (3.0.7) against graph-mock
// over HTTPS, the way an application uses it: an authProvider hands out a
// bearer token, customHosts names the mock's host so the client sends the
// token there, the client's own middleware (RetryHandler ...) is in place.
// The admin API (/_mock) is driven with plain fetch.
//
// Environment (set by ../run_against_mock.sh --exec):
//   GRAPH_MOCK_URL        https://127.0.0.1:PORT of a mock started with --tls --clock virtual --auth scopes
//   NODE_EXTRA_CA_CERTS   the certificate the mock wrote with --tls-cert-out
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthenticationHandler, BatchRequestContent, BatchResponseContent, Client, GraphError,
  HTTPMessageHandler, ResponseType, RetryHandler, RetryHandlerOptions,
} from "@microsoft/microsoft-graph-client";

const base = process.env.GRAPH_MOCK_URL;
assert.ok(base?.startsWith("https://"), "GRAPH_MOCK_URL must be the mock's https:// URL");
const host = new URL(base).hostname;

// A JWT shaped like an Entra ID access token; --auth scopes reads scp.
function accessToken() {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    aud: "https://graph.microsoft.com", iss: "https://sts.windows.net/b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20/",
    iat: now, nbf: now, exp: now + 3600, appid: "3f4a8c2e-7d1b-4e9a-b6c5-0a1d2e3f4a5b",
    name: "Interop Test", upn: "interop@contoso.com", oid: "6e8b2f3a-1c4d-4e5f-8a9b-0c1d2e3f4a5b",
    scp: "TeamworkDevice.ReadWrite.All DeviceManagementManagedDevices.ReadWrite.All DeviceManagementConfiguration.ReadWrite.All",
    tid: "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20",
  };
  return `${b64({ typ: "JWT", alg: "RS256", kid: "interop" })}.${b64(payload)}.c2lnbmF0dXJl`;
}

let tokensHandedOut = 0;
const client = Client.init({
  authProvider: (done) => {
    tokensHandedOut++;
    done(null, accessToken());
  },
  baseUrl: base,
  defaultVersion: "beta",
  customHosts: new Set([host]),
});

async function admin(method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
const advance = (seconds) => admin("POST", "/_mock/clock/advance", { seconds });

// The phase a status word names in any documented vocabulary (the resource page's
// queued/inProgress/successful, the action pages' running/succeeded, either case).
function phase(op) {
  const s = String(op.status).toLowerCase();
  return { running: "inProgress", inprogress: "inProgress", succeeded: "successful" }[s] ?? s;
}
// Enum members compare as the same value in camelCase and PascalCase (the docs' examples).
const sameMember = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();

// Follows a Location (relative to the version root, as Graph documents it, or
// absolute) until the operation is successful or failed, advancing the virtual clock.
async function pollOperation(location) {
  for (let i = 0; i < 100; i++) {
    const op = await client.api(location).get();
    if (["successful", "failed", "cancelled"].includes(phase(op))) return op;
    await advance(10);
  }
  assert.fail(`operation ${location} never finished`);
}

async function idleDevice(exclude) {
  const devices = await client.api("/teamwork/devices").get();
  for (const d of devices.value) {
    if (exclude.has(d.id)) continue;
    const ops = await client.api(`/teamwork/devices/${d.id}/operations`).get();
    if (!ops.value.some((o) => ["queued", "scheduled", "inProgress"].includes(phase(o)))) return d.id;
  }
  assert.fail("no idle device");
}

test("lists Teams devices with paging", async () => {
  const first = await client.api("/teamwork/devices").top(5).get();
  assert.equal(first.value.length, 5);
  assert.ok(first["@odata.nextLink"], "a partial page carries @odata.nextLink");
  const seen = new Set(first.value.map((d) => d.id));
  let next = first["@odata.nextLink"];
  while (next) {
    const page = await client.api(next).get();
    for (const d of page.value) {
      assert.ok(!seen.has(d.id), `device ${d.id} on two pages`);
      seen.add(d.id);
    }
    next = page["@odata.nextLink"];
  }
  const all = await client.api("/teamwork/devices").get();
  assert.equal(seen.size, all.value.length);
  assert.ok(tokensHandedOut > 0, "the authProvider was asked for a token");
});

test("the $count segment: the number of devices as text/plain, honouring $filter", async () => {
  const listed = await client.api("/teamwork/devices").count(true).top(1).get();
  const all = await client.api("/teamwork/devices/$count").get();
  assert.equal(Number(all), listed["@odata.count"]);
  const rooms = await client.api("/teamwork/devices/$count").filter("deviceType eq 'teamsRoom'").get();
  assert.ok(Number(rooms) > 0 && Number(rooms) < Number(all), `rooms ${rooms} of ${all}`);
});

test("runDiagnostics: 202 + Location, polled to a terminal operation; a second action is 409", async () => {
  const id = await idleDevice(new Set());
  const res = await client.api(`/teamwork/devices/${id}/runDiagnostics`).responseType(ResponseType.RAW).post();
  assert.equal(res.status, 202);
  const location = res.headers.get("Location");
  assert.match(location, new RegExp(`^(${base}/beta)?/teamwork/devices/${id}/operations/[0-9a-f-]+$`));
  assert.ok(res.headers.get("request-id"), "request-id header");

  await assert.rejects(client.api(`/teamwork/devices/${id}/runDiagnostics`).post(), (e) => {
    assert.ok(e instanceof GraphError, `a GraphError, got ${e}`);
    assert.equal(e.statusCode, 409);
    assert.equal(e.code, "Conflict");
    assert.ok(e.requestId, "GraphError.requestId from innerError");
    return true;
  });

  const op = await pollOperation(location);
  assert.equal(phase(op), "successful");
  assert.ok(sameMember(op.operationType, "deviceDiagnostics"), op.operationType);
  // The mock read the token the client sent: the caller is in createdBy.
  assert.equal(op.createdBy.user.displayName, "Interop Test");
  assert.equal(op.createdBy.user.id, "6e8b2f3a-1c4d-4e5f-8a9b-0c1d2e3f4a5b");
});

test("updateSoftware: 202 + Location, polled to successful", async () => {
  const id = await idleDevice(new Set());
  const res = await client
    .api(`/teamwork/devices/${id}/updateSoftware`)
    .responseType(ResponseType.RAW)
    .post({ softwareType: "teamsClient", softwareVersion: "1.0.96.22" });
  assert.equal(res.status, 202);
  const op = await pollOperation(res.headers.get("Location"));
  assert.ok(sameMember(op.operationType, "softwareUpdate"), op.operationType);
  assert.equal(phase(op), "successful");

  await assert.rejects(client.api(`/teamwork/devices/${id}/updateSoftware`).post({ softwareVersion: "1" }), (e) => {
    assert.equal(e.statusCode, 400);
    assert.equal(e.code, "BadRequest");
    return true;
  });
});

test("log collection: createDeviceLogCollectionRequest to completed, then a download URL", async () => {
  const devices = await client.api("/deviceManagement/managedDevices").get();
  const device = devices.value[0].id;
  const created = await client
    .api(`/deviceManagement/managedDevices/${device}/createDeviceLogCollectionRequest`)
    .post({ templateType: { templateType: "predefined" } });
  assert.equal(created.status, "pending");
  const item = `/deviceManagement/managedDevices/${device}/logCollectionRequests/${created.id}`;
  let current = created;
  for (let i = 0; i < 50 && current.status === "pending"; i++) {
    await advance(30);
    current = await client.api(item).get();
  }
  assert.equal(current.status, "completed");
  assert.ok(current.receivedDateTimeUTC && current.expirationDateTimeUTC);
  const url = await client.api(`${item}/createDownloadUrl`).post();
  assert.match(url.value, /^https:\/\//);
});

test("/v1.0 log collection: the same tenant through the v1.0 client, in v1.0's shape", async () => {
  // A request created on beta (v1.0 has no createDeviceLogCollectionRequest) is read, listed and
  // downloaded through /v1.0, both with .version("v1.0") and with a client whose defaultVersion is v1.0.
  const v1 = Client.init({
    authProvider: (done) => done(null, accessToken()),
    baseUrl: base,
    defaultVersion: "v1.0",
    customHosts: new Set([host]),
  });
  const devices = await v1.api("/deviceManagement/managedDevices").get();
  assert.match(devices["@odata.context"], /\/v1\.0\/\$metadata#deviceManagement\/managedDevices$/);
  const device = devices.value[0].id;
  assert.equal(devices.value[0].chassisType, undefined); // a beta-only property
  const created = await client
    .api(`/deviceManagement/managedDevices/${device}/createDeviceLogCollectionRequest`)
    .post({ templateType: { templateType: "predefined" } });
  const item = `/deviceManagement/managedDevices/${device}/logCollectionRequests/${created.id}`;
  let current = await client.api(item).version("v1.0").get();
  assert.equal(current.id, created.id);
  for (let i = 0; i < 50 && current.status === "pending"; i++) {
    await advance(30);
    current = await v1.api(item).get();
  }
  assert.equal(current.status, "completed");
  const history = await v1.api(`/deviceManagement/managedDevices/${device}/logCollectionRequests`).get();
  assert.ok(history.value.some((r) => r.id === created.id));
  const url = await v1.api(`${item}/createDownloadUrl`).post();
  assert.match(url.value, /^https:\/\//);
});

test("$batch: 40 device reads in batches of 20, throttled ids retried after Retry-After", async () => {
  const devices = (await client.api("/teamwork/devices").select("id").get()).value;
  // More reads than devices: each device is read more than once, each read has its own id.
  const reads = Array.from({ length: 40 }, (_, i) => ({ id: `read-${i}`, device: devices[i % devices.length].id }));
  // 30 device reads per 10 s: the second batch runs into the limit inside the batch.
  const rule = await admin("POST", "/_mock/faults", {
    match: { method: "GET", path: "/beta/teamwork/devices/*" },
    throttle: { limit: 30, windowSeconds: 10, retryAfterSeconds: 10 },
  });
  // The SDK keeps the path of a Request's URL and drops its origin.
  const step = (r) => ({ id: r.id, request: new Request(`${base}/teamwork/devices/${r.device}`, { method: "GET" }) });
  const send = async (chunk) => {
    const content = new BatchRequestContent(chunk.map(step));
    return new BatchResponseContent(await client.api("/$batch").post(await content.getContent()));
  };
  assert.throws(() => new BatchRequestContent(reads.slice(0, 21).map(step)), /limit/i, "the SDK caps a batch at 20");

  const read = new Map();
  let pending = reads;
  for (let round = 0; pending.length > 0; round++) {
    assert.ok(round < 3, `still throttled after ${round} rounds: ${pending.map((r) => r.id)}`);
    const throttled = [];
    let retryAfter = 0;
    for (let i = 0; i < pending.length; i += 20) {
      const answers = await send(pending.slice(i, i + 20));
      for (const r of pending.slice(i, i + 20)) {
        const res = answers.getResponseById(r.id);
        assert.ok(res, `a response for ${r.id}`);
        if (res.status === 429) {
          retryAfter = Math.max(retryAfter, Number(res.headers.get("Retry-After")));
          throttled.push(r);
          continue;
        }
        assert.equal(res.status, 200, `${r.id}: ${res.status}`);
        read.set(r.id, await res.json());
      }
    }
    if (round === 0) assert.equal(throttled.length, 10, "the reads past the limit of 30 are throttled inside the batch");
    if (throttled.length) {
      assert.ok(retryAfter > 0, "an inner 429 carries Retry-After");
      await advance(retryAfter);
    }
    pending = throttled;
  }
  assert.equal(read.size, 40);
  for (const r of reads) assert.equal(read.get(r.id).id, r.device);
  await admin("DELETE", `/_mock/faults/${rule.id}`);
});

test("throttled scenario: the client's RetryHandler rides through 503 and 429 with Retry-After", async () => {
  await admin("POST", "/_mock/scenarios/throttled");
  // Picked through the admin API (never throttled): the scenario's budget of
  // 5 Graph calls per 10 s is left for the three attempts below.
  const state = await admin("GET", "/_mock/state");
  const idle = state.teamworkDevices.find(
    (d) => !d.operations.some((o) => ["queued", "scheduled", "inProgress"].includes(phase(o))));
  assert.ok(idle, "an idle device after loading the scenario");
  const id = idle.id;
  await admin("DELETE", "/_mock/requests");
  const started = Date.now();
  const res = await client.api(`/teamwork/devices/${id}/runDiagnostics`).responseType(ResponseType.RAW).post();
  const waited = (Date.now() - started) / 1000;
  assert.equal(res.status, 202, "the RetryHandler retried until the action was accepted");
  assert.ok(waited >= 2.5, `the client waited the Retry-After seconds (2 + 1), waited ${waited}s`);

  const journal = await admin("GET", "/_mock/requests?method=POST");
  const calls = journal.value.filter((e) => e.path.endsWith("/runDiagnostics"));
  assert.deepEqual(calls.map((e) => e.status), [503, 429, 202]);
  const header = (e, name) => {
    const h = e.request.headers;
    const key = Object.keys(h).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : String(h[key]);
  };
  assert.equal(header(calls[1], "retry-attempt"), "1", "the RetryHandler marks its retries");
  assert.equal(header(calls[2], "retry-attempt"), "2");
  // The journal keeps a token's fingerprint, not the token (docs/hardening.md).
  assert.match(header(calls[2], "authorization") ?? "", /^Bearer <redacted sha256:[0-9a-f]{8}>$/,
    "the retried call still carries a token");
  assert.equal(header(calls[2], "authorization"), header(calls[0], "authorization"), "the same token");
  await admin("POST", "/_mock/reset");
});

test("graph-throttling: the client's RetryHandler waits Retry-After on the virtual clock and finishes", async () => {
  // Graph's documented limits at a hundredth (docs/throttling.md): 2 Intune writes per 20 s
  // per app and tenant. Loaded last: later tests would meet its limits.
  await admin("POST", "/_mock/scenarios/graph-throttling");
  await admin("DELETE", "/_mock/requests");
  // The client's own RetryHandler reads Retry-After; only its sleep is the mock's virtual clock.
  const waited = [];
  class VirtualClockRetryHandler extends RetryHandler {
    async sleep(seconds) {
      waited.push(seconds);
      await advance(seconds);
    }
  }
  const auth = new AuthenticationHandler({ getAccessToken: async () => accessToken() });
  const retry = new VirtualClockRetryHandler(new RetryHandlerOptions());
  auth.setNext(retry);
  retry.setNext(new HTTPMessageHandler());
  const app = Client.initWithMiddleware({ middleware: auth, baseUrl: base, defaultVersion: "beta",
                                          customHosts: new Set([host]) });
  const collect = { templateType: { templateType: "predefined" } };
  const devices = (await admin("GET", "/_mock/state")).managedDevices.slice(0, 2).map((d) => d.id);
  for (const device of [...devices, ...devices, ...devices]) {
    const created = await app.api(`/deviceManagement/managedDevices/${device}/createDeviceLogCollectionRequest`).post(collect);
    assert.equal(created.status, "pending");
  }
  assert.deepEqual(waited, [20, 20], "one wait of exactly Retry-After per refusal");
  const throttled = (await admin("GET", "/_mock/requests?status=429")).value;
  assert.deepEqual(throttled.map((e) => e.throttledBy), Array(2).fill("intune-devices/appTenant/write"));

  // $batch: each inner write is counted on its own; the inner 429s are sent again after
  // their Retry-After, and every write is done.
  await advance(20);
  let pending = Array.from({ length: 6 }, (_, i) => ({ id: `w${i}`, device: devices[i % 2] }));
  const step = (w) => ({ id: w.id, request: new Request(
    `${base}/deviceManagement/managedDevices/${w.device}/createDeviceLogCollectionRequest`,
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(collect) }) });
  const rounds = [];
  while (pending.length > 0) {
    assert.ok(rounds.length < 4, `still throttled after ${rounds.length} rounds`);
    const answers = new BatchResponseContent(
      await app.api("/$batch").post(await new BatchRequestContent(pending.map(step)).getContent()));
    const refused = pending.filter((w) => answers.getResponseById(w.id).status === 429);
    for (const w of pending)
      if (!refused.includes(w)) assert.equal(answers.getResponseById(w.id).status, 200, w.id);
    rounds.push(refused.length);
    if (refused.length)
      await advance(Math.max(...refused.map((w) => Number(answers.getResponseById(w.id).headers.get("Retry-After")))));
    pending = refused;
  }
  assert.deepEqual(rounds, [4, 2, 0], "2 writes per 20 s, each inner request on its own");
});
