// The official Microsoft Graph JavaScript client against a mock started by startGraphMock
// over HTTPS: the test controls the mock, the client runs as the application would.
// GRAPH_JS_CLIENT_DIR: a folder where `npm ci` installed contract_tests/interop/package.json
// (the ctest passes the build tree's).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { startGraphMock } from "./graph-mock.mjs";

const ROOM = "41142dae-02dd-459b-9365-63e26e8d2653"; // a Teams Room in the default fixtures
const clientDir = process.env.GRAPH_JS_CLIENT_DIR;

test("the Graph JavaScript client over HTTPS", { skip: !clientDir && "GRAPH_JS_CLIENT_DIR not set" }, async () => {
  const mock = await startGraphMock({ tls: true, auth: "scopes" });
  try {
    const app = fileURLToPath(new URL("graph-client-app.mjs", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [app], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: mock.certFile, GRAPH_MOCK_URL: mock.baseUrl,
             GRAPH_TOKEN: mock.token(), GRAPH_JS_CLIENT_DIR: clientDir, DEVICE_ID: ROOM },
    });
    const seen = JSON.parse(stdout);
    assert.deepEqual(seen.rooms, ["teamsRoom", "teamsRoom"]);
    assert.ok(seen.nextLink.startsWith(`${mock.graphUrl}/teamwork/devices?`), seen.nextLink);
    assert.equal(seen.status, 202);

    await mock.advance(60); // diagnostics: 10 s queued + 50 s in progress
    const op = await mock.request("GET", mock.graphUrl + seen.location, { headers: mock.authHeader() });
    assert.equal(op.body.status, "successful");

    const sent = await mock.journal({ method: "POST", path: "/beta/teamwork/devices/*/runDiagnostics" });
    assert.equal(sent.length, 1);
    assert.match(JSON.stringify(sent[0]), /graph-js\/3\.0\.7/i, "the client's SdkVersion header");
  } finally {
    await mock.stop();
  }
});
