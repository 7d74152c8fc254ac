import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { issueToken } from '../../src/core/tokens.js';
import { timeSortableIds } from '../../src/core/ids.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { openServiceDatabase } from '../../src/runtime/database.js';

const ROOT = new URL('../..', import.meta.url).pathname;
// tsx by absolute path, so the service can also run from another directory (a fresh checkout).
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** The environment of a child: ours, with `env` on top; an undefined value removes a variable. */
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'error', ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return merged;
}

/** The real service in its own process (no tsx wrapper, so a signal reaches it directly). */
export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function startService(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
  cwd = ROOT,
  command: string[] = ['--import', TSX, join(ROOT, 'src/node.ts')],
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, command, {
    cwd,
    env: childEnv({ PORT: '0', HOST: '127.0.0.1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start: ${out}`)), timeoutMs);
    const check = () => {
      const m = /serving (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, child, output: () => out, exited });
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`service exited ${code}: ${out}`));
    });
  });
}

/** Runs a command of the project (e.g. src/admin.ts) to the end: its exit code and output. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, script), ...args], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((r) => child.once('exit', (code) => r({ code, stdout, stderr })));
}

/** A new database with a coordinator token for `alliance`: what an operator sets up first. */
export async function seedDatabase(path: string, alliance: string): Promise<string> {
  const now = new Date('2026-06-01T10:00:00Z');
  const { store, sqlite } = await openServiceDatabase(path, { create: true, now });
  const issued = issueToken({ hasher: sha256Hex, ids: timeSortableIds(() => now) }, now, {
    role: 'coordinator',
    allianceId: alliance,
    holderId: null,
    name: 'test coordinator',
    expiresAt: null,
  });
  await store.commit(() => [issued.write]);
  sqlite.close();
  return issued.secret;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/**
 * One request on its own connection (no keep-alive), so "refused" (ECONNREFUSED: never
 * accepted) and "cut" (accepted, then the connection dropped without an answer) are told apart.
 */
export function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; key?: string; json?: unknown } = {},
): Promise<Answer> {
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        agent: false,
        headers: {
          connection: 'close',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.key ? { 'idempotency-key': options.key } : {}),
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
