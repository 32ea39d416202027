// Types of graph-mock.mjs for TypeScript: copy both files side by side; `import { startGraphMock }
// from "./graph-mock.mjs"` then checks the options and the handle. The options are the flags of
// `graph-mock serve` (docs/command-line.md) in camelCase; a flag missing here can be passed
// through `args`. clients/node/runners/typed-example.ts is checked with `tsc --noEmit` (ctest
// clients_node_typescript), which also checks that every serve flag is described here.
import type { ChildProcess } from "node:child_process";

/** The repo's build/mock/graph-mock, for a checkout where the helper sits in clients/node/. */
export declare const REPO_BUILD_BINARY: string;
/** Every permission a Teams devices or log collection route names (docs/behaviour.md). */
export declare const ALL_SCOPES: string;

/** graph-mock could not be found or started, or an admin call failed. */
export declare class GraphMockError extends Error {}

/** The graph-mock executable: `binary`, else $GRAPH_MOCK_BIN, else PATH, else the build's. */
export declare function findBinary(options?: {
  binary?: string;
  env?: Record<string, string | undefined>;
  buildBinary?: string | null;
}): string;

/** JWT claims of a token; scp as a space-separated string or a list. */
export interface TokenClaims {
  scp?: string | string[] | null;
  roles?: string[];
  [claim: string]: unknown;
}

/** A JWT shaped like an Entra ID access token (what `--auth scopes` checks). */
export declare function makeToken(claims?: TokenClaims): string;

/** The flags of `graph-mock serve`, in camelCase; `--port` is always 0 (a free port). */
export interface ServeOptions {
  host?: string;
  fixtures?: string;
  schemas?: string;
  fixtureSet?: string;
  /** A scenario name from <fixtures>/scenarios/ or a file path. */
  scenario?: string;
  seed?: number;
  /** Default here: "virtual". */
  clock?: "real" | "virtual";
  timeScale?: number;
  auth?: "off" | "bearer" | "scopes";
  validate?: "off" | "warn" | "strict";
  log?: "text" | "json" | "off";
  location?: "relative" | "absolute";
  enumCasing?: "camelCase" | "PascalCase";
  statusWords?: "resourcePage" | "actionPages" | "PascalCase";
  nextLink?: "absolute" | "relative";
  odataCount?: "onRequest" | "always";
  journalFile?: string;
  journalSecrets?: "redact" | "keep";
  /** One name; more through args: ["--allowed-host", "a", "--allowed-host", "b"]. */
  allowedHost?: string;
  tenantId?: string;
  maxBodyBytes?: number;
  maxUrlBytes?: number;
  maxHeaderBytes?: number;
  maxJsonDepth?: number;
  maxQueryOptions?: number;
  readTimeout?: number;
  keepAliveTimeout?: number;
  retainOperations?: number;
  retainSeconds?: number;
  /** Deprecation headers: the metadata's, or also those the docs' pages announce (docs/behaviour.md). */
  revisions?: "metadata" | "documented";
  /** Graph's per-service throttling limits (docs/throttling.md). */
  throttling?: "off" | "graph";
  /** Reload the fixture set and scenario when their files change (docs/command-line.md). */
  watch?: boolean;
  tls?: boolean;
  cert?: string;
  key?: string;
  tlsCertOut?: string;
  /** Flags passed as they are, after the others. */
  args?: Array<string | number>;
}

export interface StartOptions extends ServeOptions {
  /** The executable (else $GRAPH_MOCK_BIN, PATH, the build's). */
  binary?: string;
  /** How long the mock may take to print its URL; default 10000. */
  startTimeoutMs?: number;
  /** --admin-token, then sent on every admin call. */
  adminToken?: string;
}

export interface Response<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** A fault rule (docs/scenarios-and-faults.md#fault-rules). */
export type FaultRule = Record<string, unknown>;

export interface JournalFilters {
  method?: string;
  path?: string;
  status?: number | string;
  fault?: string;
  limit?: number;
}

/** Which exchanges to judge, rules to silence, and thresholds (docs/verdicts.md). */
export interface VerdictOptions {
  test?: string;
  /** ISO 8601 times of the mock's clock (now()). */
  since?: string;
  until?: string;
  ignore?: string[];
  minBackoffSeconds?: number;
  pollIntervalSeconds?: number;
  largeListItems?: number;
  maxBatchRequests?: number;
}

/** A running `graph-mock serve --port 0` and its admin API. */
export declare class GraphMock {
  private constructor();
  readonly process: ChildProcess;
  /** http(s)://127.0.0.1:PORT */
  readonly baseUrl: string;
  /** baseUrl + "/beta" */
  readonly graphUrl: string;
  /** With tls: true, the certificate to trust; else null. */
  readonly certFile: string | null;
  /** Its PEM, for https.request({ ca }); else null. */
  readonly ca: string | null;
  /** What the mock wrote to stderr so far. */
  readonly stderr: string;
  /** SIGTERM (SIGKILL after 5 s), temp files removed; the exit status. */
  stop(): Promise<number | null>;
  [Symbol.asyncDispose](): Promise<void>;
  token(claims?: TokenClaims): string;
  authHeader(claims?: TokenClaims): { Authorization: string };
  request<T = any>(
    method: string,
    urlOrPath: string | URL,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<Response<T>>;
  health(): Promise<any>;
  /** Moves the virtual clock; the clock. */
  advance(seconds: number): Promise<any>;
  now(): Promise<string>;
  /** The new rule's id. */
  addFault(rule: FaultRule): Promise<string>;
  removeFault(id: string): Promise<void>;
  clearFaults(): Promise<void>;
  loadScenario(name: string): Promise<void>;
  /** The exchanges, oldest first. */
  journal(filters?: JournalFilters): Promise<any[]>;
  clearJournal(): Promise<void>;
  /** Fixtures, faults, journal and clock back to the scenario's start. */
  reset(): Promise<void>;
  state(): Promise<any>;
  /** { "X-GraphMock-Test": name }: send it with a test's requests to judge that test alone. */
  testHeader(name: string): { "X-GraphMock-Test": string };
  /** GET /_mock/verdicts (docs/verdicts.md); the rest of the options are rule settings. */
  verdicts(options?: VerdictOptions): Promise<any>;
  /** Rejects with an AssertionError listing each violation and its evidence. */
  assertClientBehaved(options?: VerdictOptions): Promise<void>;
}

/** Starts `graph-mock serve --port 0` with the options and waits until /_mock/health answers. */
export declare function startGraphMock(options?: StartOptions): Promise<GraphMock>;
