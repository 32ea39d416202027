// The Jest recipe of docs/javascript.md (ctest clients_node_jest):
//   NODE_OPTIONS=--experimental-vm-modules npx jest --testMatch '**/jest.spec.mjs'
// Jest runs ES modules with that Node flag; beforeAll and afterAll are its globals.
import { startGraphMock } from "../graph-mock.mjs";

const ROOM = "41142dae-02dd-459b-9365-63e26e8d2653";
let mock;
beforeAll(async () => (mock = await startGraphMock({ clock: "virtual", auth: "scopes" })), 20000);
afterAll(() => mock.stop());

test("diagnostics finish under the virtual clock", async () => {
  const headers = mock.authHeader();
  const res = await fetch(`${mock.graphUrl}/teamwork/devices/${ROOM}/runDiagnostics`, { method: "POST", headers });
  expect(res.status).toBe(202);
  let op;
  for (let i = 0; i < 10 && !["successful", "failed"].includes(op?.status); i++) {
    if (op) await mock.advance(10);
    op = await (await fetch(mock.graphUrl + res.headers.get("location"), { headers })).json();
  }
  expect(op.status).toBe("successful");
});
