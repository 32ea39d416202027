// An example client of startGraphMock against the shipped graph-throttling scenario
// (docs/throttling.md): Graph's documented limits at a hundredth, so a few requests reach them.
//
// The application's work is six Intune log collection requests and three Teams device reads.
// On a 429 it waits what Retry-After says, through the sleep function it is given; the test
// gives it the mock's virtual clock, so the waits cost no time. Run by the ctest
// clients_throttling_node (not a *.test.mjs file: the helper's own suite leaves it alone).
import { test } from "node:test";
import assert from "node:assert/strict";
import { startGraphMock } from "./graph-mock.mjs";

// A Graph client as an application writes one: every call retried after Retry-After.
function makeApp({ graphUrl, headers, sleep }) {
  const waits = [];
  async function call(method, path, body) {
    const init = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await fetch(graphUrl + path, init);
      if (res.status !== 429) {
        assert.ok(res.ok, `${method} ${path}: ${res.status}`);
        return res.json();
      }
      const wait = Number(res.headers.get("retry-after"));
      waits.push(wait);
      await sleep(wait);
    }
    throw new Error(`${method} ${path}: still throttled after 5 attempts`);
  }
  return { call, waits };
}

test("the client finishes its work by honouring Retry-After on the virtual clock", async () => {
  const mock = await startGraphMock({ clock: "virtual", scenario: "graph-throttling" });
  try {
    const devices = (await mock.state()).managedDevices.slice(0, 2).map((d) => d.id);
    const app = makeApp({ graphUrl: mock.graphUrl, headers: mock.authHeader(), sleep: (s) => mock.advance(s) });
    const created = [];
    for (const device of [...devices, ...devices, ...devices])
      created.push(await app.call("POST", `/deviceManagement/managedDevices/${device}/createDeviceLogCollectionRequest`,
                                  { templateType: { templateType: "predefined" } }));
    const reads = [];
    for (let i = 0; i < 3; i++) reads.push(await app.call("GET", "/teamwork/devices?$top=1"));

    assert.deepEqual(created.map((c) => c.status), Array(6).fill("pending"));
    assert.ok(reads.every((r) => r.value.length === 1));
    // 2 writes per 20 s per app and tenant, 1 Teams read per second: each refusal said exactly
    // how long, and one wait was always enough.
    assert.deepEqual(app.waits, [20, 20, 1, 1]);
    const throttled = await mock.journal({ status: 429 });
    assert.deepEqual(throttled.map((t) => t.throttledBy), [
      "intune-devices/appTenant/write", "intune-devices/appTenant/write",
      "teams-other/appTenant/read", "teams-other/appTenant/read"]);
  } finally {
    await mock.stop();
  }
});
