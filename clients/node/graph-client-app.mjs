// "The application under test" of graph-client.test.mjs: the official Microsoft Graph
// JavaScript client, configured as an application would, pointed at the mock by the
// environment. Node reads NODE_EXTRA_CA_CERTS (the mock's certificate) only at start, hence a
// process of its own. Prints what it saw as one JSON line.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const { GRAPH_MOCK_URL, GRAPH_TOKEN, GRAPH_JS_CLIENT_DIR, DEVICE_ID } = process.env;
// The client installed (pinned) by contract_tests/interop/package-lock.json.
const require = createRequire(path.join(GRAPH_JS_CLIENT_DIR, "package.json"));
const { Client, ResponseType } = await import(pathToFileURL(require.resolve("@microsoft/microsoft-graph-client")));

const client = Client.init({
  authProvider: (done) => done(null, GRAPH_TOKEN),
  baseUrl: GRAPH_MOCK_URL,
  defaultVersion: "beta",
  customHosts: new Set([new URL(GRAPH_MOCK_URL).hostname]),
});
const rooms = await client.api("/teamwork/devices").filter("deviceType eq 'teamsRoom'").top(2).get();
const accepted = await client.api(`/teamwork/devices/${DEVICE_ID}/runDiagnostics`).responseType(ResponseType.RAW).post();
console.log(JSON.stringify({
  rooms: rooms.value.map((d) => d.deviceType),
  nextLink: rooms["@odata.nextLink"] ?? null,
  status: accepted.status,
  location: accepted.headers.get("Location"),
}));
