// ctest clients_node_typescript: graph-mock.d.mts describes every flag of `graph-mock serve`
// (from its --help, so a new flag without a type fails here), and typed-example.ts, which passes
// options, type-checks with tsc --noEmit.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { findBinary } from "../graph-mock.mjs";

const help = execFileSync(findBinary(), ["serve", "--help"], { encoding: "utf8" });
const declared = readFileSync(new URL("../graph-mock.d.mts", import.meta.url), "utf8")
  .match(/interface ServeOptions \{[^}]*\}|interface StartOptions [^{]*\{[^}]*\}/g).join("\n");
// Not options of startGraphMock: it always passes --port 0 and --exit-with-stdin.
const notOptions = new Set(["help", "port", "exit-with-stdin"]);
const missing = [...new Set(help.match(/--[a-z][a-z-]*/g).map((f) => f.slice(2)))]
  .filter((flag) => !notOptions.has(flag))
  .map((flag) => flag.replace(/-([a-z])/g, (_, c) => c.toUpperCase()))
  .filter((key) => !new RegExp(`^\\s*${key}\\?:`, "m").test(declared));
if (missing.length) {
  console.error(`graph-mock.d.mts: ServeOptions and StartOptions lack ${missing.join(", ")} (flags of graph-mock serve)`);
  process.exit(1);
}
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const run = spawnSync(process.execPath, [tsc, "--noEmit", "-p", new URL("tsconfig.json", import.meta.url).pathname],
  { stdio: "inherit" });
process.exit(run.status ?? 1);
