// startGraphMock used the way a client's node:test suite would: fetch against the mock, the
// admin helpers to move time, arm faults and read the journal.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync, chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startGraphMock, findBinary, GraphMockError } from "./graph-mock.mjs";

const ROOM = "41142dae-02dd-459b-9365-63e26e8d2653"; // a Teams Room in the default fixtures

// Processes whose parent is this one (zombies included: an unreaped child counts).
function children() {
  const pids = new Set();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === process.pid) pids.add(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

// A process's state letter (R, S, Z, ...), or null when there is no such process.
function processState(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
  } catch {
    return null;
  }
}

// Whether a process is gone (or a zombie: it has ended) within 10 s.
async function gone(pid) {
  for (let i = 0; i < 500 && ![null, "Z"].includes(processState(pid)); i++) await new Promise((r) => setTimeout(r, 20));
  return [null, "Z"].includes(processState(pid));
}

test("runDiagnostics polls to a terminal state under the virtual clock", async () => {
  const mock = await startGraphMock({ auth: "scopes" });
  after(() => mock.stop());
  const headers = mock.authHeader();
  const res = await fetch(`${mock.graphUrl}/teamwork/devices/${ROOM}/runDiagnostics`, { method: "POST", headers });
  assert.equal(res.status, 202);
  const location = res.headers.get("location"); // relative to the version root
  assert.match(location, new RegExp(`^/teamwork/devices/${ROOM}/operations/`));

  const phases = [];
  for (let i = 0; i < 20; i++) {
    const op = await (await fetch(mock.graphUrl + location, { headers })).json();
    phases.push(op.status);
    if (["successful", "failed"].includes(op.status)) break;
    await mock.advance(10);
  }
  assert.equal(phases[0], "queued");
  assert.ok(phases.includes("inProgress"), phases.join());
  assert.equal(phases.at(-1), "successful");

  const readOnly = mock.authHeader({ scp: "TeamworkDevice.Read.All" });
  const denied = await fetch(`${mock.graphUrl}/teamwork/devices/${ROOM}/restart`, { method: "POST", headers: readOnly });
  assert.equal(denied.status, 403);
});

test("an armed 429 is answered once and journalled; reset and scenarios", async () => {
  const mock = await startGraphMock();
  after(() => mock.stop());
  const headers = mock.authHeader();
  const fault = await mock.addFault({
    match: { method: "GET", path: "/beta/teamwork/devices" },
    respond: { status: 429, headers: { "Retry-After": "7" } },
    times: 1,
  });
  const throttled = await fetch(`${mock.graphUrl}/teamwork/devices`, { headers });
  assert.equal(throttled.status, 429);
  assert.equal(throttled.headers.get("retry-after"), "7");
  assert.equal((await throttled.json()).error.code, "TooManyRequests");
  assert.equal((await fetch(`${mock.graphUrl}/teamwork/devices`, { headers })).status, 200);

  const entries = await mock.journal({ status: 429 });
  assert.equal(entries.length, 1);
  assert.equal(entries[0].path, "/beta/teamwork/devices");
  assert.ok(JSON.stringify(entries[0]).includes(fault));
  assert.equal((await mock.journal({ path: "/beta/teamwork/devices" })).length, 2);

  const start = await mock.now();
  await mock.advance(3600);
  await mock.reset();
  assert.equal(await mock.now(), start);
  assert.deepEqual(await mock.journal(), []);
  await mock.loadScenario("diagnostics-fail");
  const res = await fetch(`${mock.graphUrl}/teamwork/devices/${ROOM}/runDiagnostics`, { method: "POST", headers });
  await mock.advance(600);
  const op = await (await fetch(mock.graphUrl + res.headers.get("location"), { headers })).json();
  assert.equal(op.status, "failed");
  await assert.rejects(mock.loadScenario("no-such-scenario"), /404/);
});

test("stop leaves no process", async () => {
  const before = children();
  const mock = await startGraphMock({ tls: true });
  assert.ok(mock.baseUrl.startsWith("https://127.0.0.1:"));
  assert.match(mock.ca, /^-----BEGIN CERTIFICATE-----/);
  const res = await mock.request("GET", `/beta/teamwork/devices/${ROOM}`, { headers: mock.authHeader() });
  assert.equal(res.body.id, ROOM);
  assert.ok(children().has(mock.process.pid));
  assert.equal(await mock.stop(), 0); // SIGTERM is a clean stop
  assert.deepEqual(children(), before);
});

test("a bad flag is named, with the mock's stderr, and leaves no process", async () => {
  const before = children();
  await assert.rejects(startGraphMock({ args: ["--no-such-flag"] }), (e) => {
    assert.ok(e instanceof GraphMockError);
    assert.match(e.message, /exited with status \d+ before listening/);
    assert.match(e.message.split("--- graph-mock stderr ---")[1], /--no-such-flag/);
    return true;
  });
  assert.deepEqual(children(), before);
});

test("a missing binary is named", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "graph-mock-test-"));
  const missing = path.join(dir, "graph-mock");
  await assert.rejects(startGraphMock({ binary: missing }),
    new RegExp(`binary option names ${missing}, which is not an executable file`));
  assert.throws(() => findBinary({ env: { GRAPH_MOCK_BIN: "/nowhere/graph-mock" } }),
    /GRAPH_MOCK_BIN names \/nowhere\/graph-mock/);
  assert.throws(() => findBinary({ env: { PATH: dir }, buildBinary: missing }), (e) => {
    assert.ok(e.message.includes(`GRAPH_MOCK_BIN (not set), PATH ("${dir}"), ${missing}`), e.message);
    return true;
  });
});

test("a binary that never listens is stopped with what it started", async () => {
  const before = children();
  const dir = mkdtempSync(path.join(tmpdir(), "graph-mock-test-"));
  const silent = path.join(dir, "graph-mock");
  writeFileSync(silent, `#!/bin/sh\nsleep 60 & echo $! >${dir}/grandchild\nexec sleep 60\n`);
  chmodSync(silent, 0o755);
  await assert.rejects(startGraphMock({ binary: silent, startTimeoutMs: 1000 }),
    /did not print its URL within 1000 ms/);
  assert.deepEqual(children(), before);
  const grandchild = readFileSync(path.join(dir, "grandchild"), "utf8").trim();
  // Signalled with its group; under load it may take a moment to be gone.
  assert.ok(await gone(grandchild), `the mock's own child survived (state ${processState(grandchild)})`);
});

// A script using the helper the way a test runner would, as its own node process: it starts a
// mock, prints the mock's pid, then runs `rest`.
function runScript(rest) {
  const dir = mkdtempSync(path.join(tmpdir(), "graph-mock-test-"));
  const script = path.join(dir, "script.mjs");
  writeFileSync(script, `import { startGraphMock } from ${JSON.stringify(new URL("./graph-mock.mjs", import.meta.url).href)};
const mock = await startGraphMock();
console.log(mock.process.pid);
${rest}
`);
  const child = spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
  const exit = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const pid = new Promise((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(Number(out.split("\n")[0]));
    });
    exit.then(({ code, signal }) => reject(new Error(`the script ended (${code ?? signal}) before its mock started`)));
  });
  return { child, pid, exit };
}

for (const signal of ["SIGTERM", "SIGINT", "SIGKILL"]) {
  test(`a runner killed with ${signal} leaves no mock running`, async () => {
    const { child, pid, exit } = runScript("setInterval(() => {}, 1000); // a test that hangs");
    const mockPid = await pid;
    assert.equal(processState(mockPid) === null, false);
    child.kill(signal);
    assert.deepEqual(await exit, { code: null, signal }); // the signal still ends the runner
    assert.ok(await gone(mockPid), `the mock outlived its runner (state ${processState(mockPid)})`);
  });
}

test("a script that forgets stop() exits, and its mock with it", async () => {
  const { pid, exit } = runScript(`const res = await fetch(mock.graphUrl + "/teamwork/devices", { headers: mock.authHeader() });
if (res.status !== 200 || (await res.json()).value.length === 0) process.exitCode = 3;`);
  const mockPid = await pid;
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(resolve, 10000, "still running after 10 s")));
  assert.deepEqual(await Promise.race([exit, late]), { code: 0, signal: null });
  clearTimeout(timer);
  assert.ok(await gone(mockPid), `the mock outlived its script (state ${processState(mockPid)})`);
});

test("assertClientBehaved passes a client that waits and fails one that does not", async () => {
  const mock = await startGraphMock();
  after(() => mock.stop());
  const list = () => fetch(`${mock.graphUrl}/teamwork/devices`, { headers: mock.authHeader() });
  const rule = { match: { path: "/beta/teamwork/devices" },
                 respond: { status: 429, headers: { "Retry-After": "3" } }, times: 1 };
  await mock.addFault(rule);
  assert.equal((await list()).status, 429);
  await mock.advance(3);
  assert.equal((await list()).status, 200);
  await mock.assertClientBehaved();

  const since = await mock.now();
  await mock.addFault(rule);
  assert.equal((await list()).status, 429);
  assert.equal((await list()).status, 200); // at once
  await assert.rejects(mock.assertClientBehaved({ since }), (e) => {
    assert.ok(e instanceof assert.AssertionError);
    assert.match(e.message, /the client broke 1 rule\(s\)/);
    assert.match(e.message, /retry-before-retry-after: GET \/beta\/teamwork\/devices retried 0 s after a 429/);
    assert.match(e.message, /GET \/beta\/teamwork\/devices -> 429/);
    return true;
  });
  await mock.assertClientBehaved({ since, ignore: ["retry-before-retry-after"] });
});

test("verdicts of one test by its header", async () => {
  const mock = await startGraphMock();
  after(() => mock.stop());
  const headers = { ...mock.authHeader(), ...mock.testHeader("test-a") };
  const res = await fetch(`${mock.graphUrl}/teamwork/devices/${ROOM}/runDiagnostics`, { method: "POST", headers });
  for (let i = 0; i < 2; i++) await (await fetch(mock.graphUrl + res.headers.get("location"), { headers })).json();
  const report = await mock.verdicts({ test: "test-a" });
  assert.deepEqual(report.value.filter((v) => v.severity === "violation").map((v) => v.rule), ["poll-too-fast"]);
  assert.equal(report.exchanges, 3);
  assert.deepEqual((await mock.verdicts({ test: "test-b" })).value, []);
  assert.equal((await mock.verdicts({ test: "test-a", pollIntervalSeconds: 0 })).violations, 0);
  await assert.rejects(mock.verdicts({ pollSeconds: 1 }), /Unknown verdict setting 'pollSeconds'/);
});
