// The Mocha recipe of docs/javascript.md (ctest clients_node_mocha):
//   npx mocha --timeout 20000 mocha.spec.mjs
// before and after are Mocha's globals; the timeout leaves the mock time to start.
import assert from "node:assert/strict";
import { startGraphMock } from "../graph-mock.mjs";

const ROOM = "41142dae-02dd-459b-9365-63e26e8d2653";
let mock;
before(async () => (mock = await startGraphMock({ clock: "virtual", auth: "scopes" })));
after(() => mock.stop());

it("diagnostics finish under the virtual clock", async () => {
  const headers = mock.authHeader();
  const res = await fetch(`${mock.graphUrl}/teamwork/devices/${ROOM}/runDiagnostics`, { method: "POST", headers });
  assert.equal(res.status, 202);
  let op;
  for (let i = 0; i < 10 && !["successful", "failed"].includes(op?.status); i++) {
    if (op) await mock.advance(10);
    op = await (await fetch(mock.graphUrl + res.headers.get("location"), { headers })).json();
  }
  assert.equal(op.status, "successful");
});
