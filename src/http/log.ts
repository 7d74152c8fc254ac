import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Actor } from '../core/context.js';

/**
 * Where the app writes its structured log lines. Node passes a pino logger (src/runtime/log.ts);
 * Workers use `consoleJsonLogger`, since workerd collects console output as the log. Fields are
 * data, never a token, an access code or a request body: people's words are health data.
 */
export interface Logger {
  info(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
}

function consoleLine(level: 'info' | 'error', fields: Record<string, unknown>, message?: string) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), ...fields, msg: message });
  if (level === 'error') console.error(line);
  else console.log(line);
}

/** One JSON object per line on the console: what Workers Logs and `wrangler tail` parse. */
export const consoleJsonLogger: Logger = {
  info: (fields, message) => consoleLine('info', fields, message),
  error: (fields, message) => consoleLine('error', fields, message),
};

/** Drops every line: for benchmarks, which measure the app and not the console. */
export const silentLogger: Logger = { info: () => {}, error: () => {} };

/** A logger that keeps its last `limit` lines, for tests. */
export function memoryLogger(limit = 2000): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const keep = (line: Record<string, unknown>) => {
    lines.push(line);
    if (lines.length > limit) lines.shift();
  };
  return {
    lines,
    info: (fields, message) => keep({ level: 'info', ...fields, msg: message }),
    error: (fields, message) => keep({ level: 'error', ...fields, msg: message }),
  };
}

/**
 * One line per request, written after the answer is built: the route pattern (never the path,
 * which may carry ids worth correlating but not a person's words), the status, how long it took,
 * and which token asked, by its id and role. The token itself, cookies and bodies are never read.
 */
export function requestLog(log: Logger, now: () => number): MiddlewareHandler {
  return async (c, next) => {
    const started = now();
    c.set('logger', log);
    await next();
    const actor = c.get('actor') as Actor | undefined;
    log.info(
      {
        event: 'request',
        requestId: c.get('requestId') as string | undefined,
        method: c.req.method,
        route: routePath(c),
        status: c.res.status,
        durationMs: Math.round((now() - started) * 10) / 10,
        tokenId: actor?.tokenId ?? null,
        role: actor?.role ?? null,
      },
      'request',
    );
  };
}
