// TypeScript passing options to the helper (ctest clients_node_typescript: tsc --noEmit with
// tsconfig.json here). graph-mock.d.mts beside graph-mock.mjs gives the types.
import { startGraphMock, GraphMockError, makeToken, type StartOptions } from "../graph-mock.mjs";

const options: StartOptions = {
  clock: "virtual",
  scenario: "throttled",
  fixtures: "./fixtures",
  fixtureSet: "default",
  seed: 7,
  auth: "scopes",
  validate: "warn",
  log: "off",
  enumCasing: "PascalCase",
  retainSeconds: 0,
  tls: true,
  args: ["--allowed-host", "graph.test"],
  startTimeoutMs: 20000,
};

export async function example(): Promise<number> {
  const mock = await startGraphMock(options);
  try {
    const res = await fetch(`${mock.graphUrl}/teamwork/devices`, { headers: mock.authHeader({ scp: ["TeamworkDevice.Read.All"] }) });
    const id: string = await mock.addFault({ match: { path: "/beta/teamwork/devices" }, respond: { status: 429 } });
    await mock.advance(60);
    const entries: unknown[] = await mock.journal({ status: 429, fault: id, limit: 5 });
    const admin = await mock.request<{ now: string }>("GET", "/_mock/clock");
    console.log(res.status, entries.length, admin.body.now, mock.certFile, makeToken({ roles: ["x"] }));
  } catch (e) {
    if (e instanceof GraphMockError) console.error(e.message);
    throw e;
  } finally {
    await mock.stop();
  }
  return 0;
}

// @ts-expect-error: a word --clock does not take
startGraphMock({ clock: "wall" });
// @ts-expect-error: a flag that does not exist (a typo)
startGraphMock({ scenarioo: "throttled" });
