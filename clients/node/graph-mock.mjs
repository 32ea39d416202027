// graph-mock for Node test runners (node:test, Jest, Vitest, Mocha): start the mock, talk to
// its admin API, stop it. ESM, no dependencies.
//
//   import { startGraphMock } from "./graph-mock.mjs";
//   const mock = await startGraphMock({ clock: "virtual", scenario: "throttled" });
//   ... fetch(`${mock.graphUrl}/teamwork/devices`, { headers: mock.authHeader() }) ...
//   await mock.advance(60);
//   await mock.stop();
import { AssertionError } from "node:assert";
import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The repo's build folder, for a checkout where this file still sits in clients/node/.
export const REPO_BUILD_BINARY = fileURLToPath(new URL("../../build/mock/graph-mock", import.meta.url));

// Every permission a Teams devices or log collection route names (docs/behaviour.md).
export const ALL_SCOPES =
  "TeamworkDevice.ReadWrite.All DeviceManagementManagedDevices.ReadWrite.All DeviceManagementConfiguration.ReadWrite.All";

export class GraphMockError extends Error {}

const isExecutable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

// The graph-mock executable: `binary`, else $GRAPH_MOCK_BIN, else PATH, else the repo's
// build/mock/graph-mock. A binary named explicitly must exist; nothing else is then tried.
export function findBinary({ binary, env = process.env, buildBinary = REPO_BUILD_BINARY } = {}) {
  for (const [name, given] of [["binary option", binary], ["GRAPH_MOCK_BIN", env.GRAPH_MOCK_BIN]]) {
    if (!given) continue;
    if (isExecutable(given)) return given;
    throw new GraphMockError(`graph-mock not found: ${name} names ${given}, which is not an executable file`);
  }
  const pathVar = env.PATH ?? "";
  for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, "graph-mock");
    if (isExecutable(candidate)) return candidate;
  }
  if (buildBinary && isExecutable(buildBinary)) return buildBinary;
  throw new GraphMockError(
    `graph-mock not found; tried: the binary option (not given), GRAPH_MOCK_BIN (not set), ` +
      `PATH (${JSON.stringify(pathVar)}), ${buildBinary}. Build it (scripts/run), install the .deb, ` +
      `or set GRAPH_MOCK_BIN to the executable.`,
  );
}

// A JWT shaped like an Entra ID access token. --auth scopes decodes the payload (the
// signature is not checked) and wants the route's permission in scp or roles.
export function makeToken({ scp = ALL_SCOPES, roles, ...claims } = {}) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = { aud: "https://graph.microsoft.com", iat: now, nbf: now, exp: now + 3600,
                    tid: "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20" };
  if (scp) payload.scp = Array.isArray(scp) ? scp.join(" ") : scp;
  if (roles) payload.roles = roles;
  return `${b64({ typ: "JWT", alg: "RS256" })}.${b64({ ...payload, ...claims })}.c2lnbmF0dXJl`;
}

// serve flags from options: clock: "virtual" -> --clock virtual, tls: true -> --tls,
// timeScale: 60 -> --time-scale 60; args is a list passed as is.
function flags(options) {
  const out = [];
  for (const [key, value] of Object.entries(options)) {
    if (key === "args" || value === undefined || value === null || value === false) continue;
    const flag = "--" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
    out.push(...(value === true ? [flag] : [flag, String(value)]));
  }
  return [...out, ...(options.args ?? []).map(String)];
}

// Mocks still running when the test process ends are stopped with it: at exit, and on SIGINT
// or SIGTERM (Ctrl-C, a CI timeout), after which the signal does what it would have done (the
// runner's own handlers, else Node's default: the process ends). Whatever else ends the process
// (SIGKILL, a crash) closes the pipe to the mock's stdin, and --exit-with-stdin stops it then.
const running = new Set();
const STOP_SIGNALS = ["SIGINT", "SIGTERM"];
process.once("exit", () => {
  for (const child of running) signalGroup(child, "SIGKILL");
});
function onStopSignal(signal) {
  for (const child of running) signalGroup(child, "SIGTERM");
  if (process.listenerCount(signal) === 1) {
    // Only ours: what Node does without a listener, the process ends by the signal.
    for (const s of STOP_SIGNALS) process.off(s, onStopSignal);
    process.kill(process.pid, signal);
  }
}
function track(child) {
  if (running.size === 0) for (const s of STOP_SIGNALS) process.on(s, onStopSignal);
  running.add(child);
}
function untrack(child) {
  running.delete(child);
  if (running.size === 0) for (const s of STOP_SIGNALS) process.off(s, onStopSignal);
}

function signalGroup(child, signal) {
  // Only while the leader is unreaped: its pid (= the group id) cannot be reused yet.
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

const exited = (child) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", resolve));

async function stopProcess(child) {
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(child, "SIGTERM");
    let timer;
    const late = new Promise((resolve) => (timer = setTimeout(resolve, 5000, "late")));
    if ((await Promise.race([exited(child), late])) === "late") {
      signalGroup(child, "SIGKILL");
      await exited(child);
    }
    clearTimeout(timer);
  }
  untrack(child);
  child.stdout?.destroy();
  child.stdin?.destroy();
  return child.exitCode;
}

// The first stdout line is "listening on http(s)://127.0.0.1:PORT" (docs/command-line.md).
function readUrl(child, timeoutMs, cmd) {
  return new Promise((resolve, reject) => {
    let out = "";
    const fail = (message) => {
      cleanup();
      reject(new GraphMockError(message));
    };
    const onData = (chunk) => {
      out += chunk;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      cleanup();
      const first = out.slice(0, nl);
      if (first.startsWith("listening on ")) resolve(first.slice("listening on ".length).trim());
      else reject(new GraphMockError(`graph-mock printed ${JSON.stringify(first)}, not 'listening on URL'`));
    };
    const onExit = (code, signal) =>
      fail(`graph-mock exited with status ${code ?? signal} before listening: ${cmd.join(" ")}`);
    const onError = (e) => fail(`graph-mock could not be started: ${e.message}: ${cmd.join(" ")}`);
    const timer = setTimeout(
      () => fail(`graph-mock did not print its URL within ${timeoutMs} ms: ${cmd.join(" ")}`), timeoutMs);
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    }
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

// Starts `graph-mock serve --port 0` with serve flags from the options (clock, scenario, auth,
// seed, fixtures, tls, validate, ..., args: [...]) and waits until /_mock/health answers.
// Throws a GraphMockError naming the cause, with the process's stderr, and leaves no process.
export async function startGraphMock({ binary, startTimeoutMs = 10000, adminToken, ...options } = {}) {
  const exe = findBinary({ binary });
  options = { clock: "virtual", ...options };
  const workdir = mkdtempSync(path.join(tmpdir(), "graph-mock-"));
  let certFile = null;
  if (options.tls) {
    certFile = options.cert ?? path.join(workdir, "cert.pem");
    if (!options.cert) options.tlsCertOut ??= certFile;
  }
  const cmd = [exe, "serve", "--port", "0", "--exit-with-stdin", ...flags({ ...options, adminToken })];
  const stderrPath = path.join(workdir, "stderr.log");
  const stderrFd = openSync(stderrPath, "w");
  // Own process group: stop() signals the whole group, so nothing it started outlives it. Its
  // stdin is a pipe from here that stays open, and ends when this process does.
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ["pipe", "pipe", stderrFd], detached: true });
  closeSync(stderrFd);
  track(child);
  const readStderr = () => {
    try {
      return readFileSync(stderrPath, "utf8");
    } catch {
      return "";
    }
  };
  try {
    const baseUrl = await readUrl(child, startTimeoutMs, cmd);
    const mock = new GraphMock(child, baseUrl, workdir, readStderr, certFile, adminToken);
    await mock.health();
    // A running mock does not keep Node alive: a script that forgets stop() still exits.
    child.unref();
    child.stdin.unref();
    child.stdout.unref();
    return mock;
  } catch (e) {
    const stderr = readStderr();
    await stopProcess(child);
    rmSync(workdir, { recursive: true, force: true });
    if (e instanceof GraphMockError) e.message += `\n--- graph-mock stderr ---\n${stderr}`;
    throw e;
  }
}

class GraphMock {
  constructor(child, baseUrl, workdir, readStderr, certFile, adminToken) {
    this.process = child;
    this.baseUrl = baseUrl; // http(s)://127.0.0.1:PORT
    this.graphUrl = baseUrl + "/beta"; // prefix of every Graph path (and of Location)
    this.certFile = certFile; // the certificate to trust, with tls: true
    this.ca = certFile ? readFileSync(certFile, "utf8") : null; // for https.request({ ca })
    this.#workdir = workdir;
    this.#readStderr = readStderr;
    this.#adminToken = adminToken;
  }
  #workdir;
  #readStderr;
  #adminToken;

  // What the mock wrote to stderr so far (its request log with --log text).
  get stderr() {
    return this.#readStderr();
  }

  // Stops the process (SIGTERM, SIGKILL after 5 s) and removes its temp files; the exit status.
  async stop() {
    const status = await stopProcess(this.process);
    rmSync(this.#workdir, { recursive: true, force: true });
    return status;
  }
  async [Symbol.asyncDispose]() {
    await this.stop();
  }

  token(claims) {
    return makeToken(claims);
  }
  authHeader(claims) {
    return { Authorization: "Bearer " + makeToken(claims) };
  }

  // A request to the mock trusting its certificate: { status, headers, body (parsed JSON) }.
  request(method, urlOrPath, { body, headers = {} } = {}) {
    const url = new URL(urlOrPath, this.baseUrl);
    const data = body === undefined ? undefined : JSON.stringify(body);
    if (data !== undefined) headers = { "Content-Type": "application/json", ...headers };
    const lib = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      // agent: false: one connection per call, closed after it, so none is left open at stop().
      const req = lib.request(url, { method, headers, ca: this.ca ?? undefined, agent: false }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : null }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(data);
    });
  }

  // --- admin API (docs/admin-api.md) ---
  async #admin(method, path, body) {
    const headers = this.#adminToken ? { Authorization: "Bearer " + this.#adminToken } : {};
    let res;
    try {
      res = await this.request(method, path, { body, headers });
    } catch (e) {
      throw new GraphMockError(`${method} ${path}: ${e.message}`);
    }
    if (res.status >= 300) throw new GraphMockError(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  health() {
    return this.#admin("GET", "/_mock/health");
  }
  // Moves the virtual clock; resolves to the clock.
  advance(seconds) {
    return this.#admin("POST", "/_mock/clock/advance", { seconds });
  }
  async now() {
    return (await this.#admin("GET", "/_mock/clock")).now;
  }
  // Adds a fault rule (docs/scenarios-and-faults.md); resolves to its id.
  async addFault(rule) {
    return (await this.#admin("POST", "/_mock/faults", rule)).id;
  }
  async removeFault(id) {
    await this.#admin("DELETE", "/_mock/faults/" + encodeURIComponent(id));
  }
  async clearFaults() {
    await this.#admin("DELETE", "/_mock/faults");
  }
  async loadScenario(name) {
    await this.#admin("POST", "/_mock/scenarios/" + encodeURIComponent(name));
  }
  // The exchanges, oldest first; filters: method, path (fault-rule pattern), status (429,
  // "5xx"), fault (an id or "*"), limit.
  async journal(filters = {}) {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined)).toString();
    return (await this.#admin("GET", "/_mock/requests" + (query ? "?" + query : ""))).value;
  }
  async clearJournal() {
    await this.#admin("DELETE", "/_mock/requests");
  }
  // Fixtures, faults, journal and clock back to the scenario's start.
  async reset() {
    await this.#admin("POST", "/_mock/reset");
  }
  state() {
    return this.#admin("GET", "/_mock/state");
  }

  // --- client verdicts (docs/verdicts.md) ---
  // { "X-GraphMock-Test": name }: sent with a client's requests, it lets verdicts({ test }) and
  // assertClientBehaved({ test }) judge that test alone (a mock shared by several tests).
  testHeader(name) {
    return { "X-GraphMock-Test": name };
  }
  // GET /_mock/verdicts: { violations, advice, value: [verdicts], rules }. since/until: ISO
  // 8601 times of the mock's clock (now()); ignore: rule ids; the rest are settings
  // (pollIntervalSeconds: 10, ...).
  verdicts({ test, since, until, ignore = [], ...settings } = {}) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries({ test, since, until })) if (v !== undefined) query.append(k, v);
    for (const rule of ignore) query.append("ignore", rule);
    for (const [k, v] of Object.entries(settings)) query.append(k, String(v));
    const q = query.toString();
    return this.#admin("GET", "/_mock/verdicts" + (q ? "?" + q : ""));
  }
  // Rejects with an AssertionError when the client broke a rule of Graph's guidance, listing
  // each violation, its explanation and the journal entries that show it. Advice never fails.
  async assertClientBehaved(options = {}) {
    const report = await this.verdicts(options);
    const violations = report.value.filter((v) => v.severity === "violation");
    if (violations.length === 0) return;
    const describe = (v) =>
      [`${v.rule}: ${v.detail}`, `  ${v.explanation}`,
       ...v.entries.map((e) => `  #${e.seq} ${e.time} ${e.method} ${e.path}${e.query ? "?" + e.query : ""} -> ${e.status}`),
      ].join("\n");
    throw new AssertionError({
      message: `the client broke ${violations.length} rule(s) of Microsoft Graph's guidance (docs/verdicts.md):\n` +
        violations.map(describe).join("\n"),
    });
  }
}
