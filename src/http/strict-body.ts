import type { Context, MiddlewareHandler } from 'hono';
import { invalid, type KindlingError } from '../core/errors.js';
import { problemResponse } from './problem.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// The characters the scanner looks at, as char codes (comparing numbers, not 1-char strings).
const [OPEN_OBJECT, OPEN_ARRAY, CLOSE_OBJECT, CLOSE_ARRAY, COMMA, QUOTE, BACKSLASH] = [
  ...'{[}],"\\',
].map((c) => c.charCodeAt(0));

/**
 * Finds what JSON.parse lets through silently: a key given twice in one object (JSON.parse keeps
 * the last, so what was stored and what the idempotency fingerprint saw could differ from what
 * the client meant) and a string escaping half a surrogate pair (`"\ud800"`), which is not text
 * and would be stored as invalid UTF-8. `text` must already be valid JSON (this scanner only
 * tracks strings and nesting) and decoded from bytes, so that only an escape can make half a
 * pair (a decoder replaces broken UTF-8). Returns the first problem as a path and message, or
 * null.
 *
 * It runs on every JSON body, so it is built for a 1,000-entry batch (about 100 kB): a string
 * with no backslash is its own value (JSON.parse only for escapes), and the path is joined only
 * when there is a problem to name.
 */
export function jsonTextProblem(text: string): { path: string; message: string } | null {
  // One frame per depth, reused by every object or array opened at that depth: a batch opens
  // 5,000 objects, and a frame and a Set each were most of what checking it allocated.
  const frames: Frame[] = [];
  let depth = 0;
  const path: string[] = [];
  const where = (key: string | null) =>
    [...path, ...(key === null ? [] : [key])].join('.') || '(body)';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    const top = depth > 0 ? frames[depth - 1]! : null;
    if (ch === OPEN_OBJECT || ch === OPEN_ARRAY) {
      let frame = frames[depth];
      if (!frame) {
        frame = { object: false, keys: [], many: null, expectKey: false, onPath: false };
        frames[depth] = frame;
      }
      frame.object = ch === OPEN_OBJECT;
      frame.keys.length = 0;
      frame.many = null;
      frame.expectKey = frame.object;
      frame.onPath = false;
      depth++;
    } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
      if (top?.onPath) path.pop();
      depth--;
    } else if (ch === COMMA && top?.object) {
      top.expectKey = true;
      if (top.onPath) path.pop();
      top.onPath = false;
    } else if (ch === QUOTE) {
      let end = i + 1;
      let escaped = false;
      for (let c = text.charCodeAt(end); c !== QUOTE; c = text.charCodeAt(end)) {
        if (c === BACKSLASH) {
          escaped = true;
          end += 2;
        } else end += 1;
      }
      const isKey = top?.expectKey === true;
      // Only a value's escapes can hold half a pair (the decoded text has whole pairs only),
      // and only a key is remembered: an unescaped value is skipped without being copied.
      if (!isKey && !escaped) {
        i = end;
        continue;
      }
      const value = escaped
        ? (JSON.parse(text.slice(i, end + 1)) as string)
        : text.slice(i + 1, end);
      if (escaped && LONE_SURROGATE.test(value))
        return {
          path: where(isKey ? value : null),
          message: 'contains half a surrogate pair, which is not text',
        };
      if (isKey) {
        if (top.many ? top.many.has(value) : top.keys.includes(value))
          return { path: where(value), message: 'is given more than once' };
        // A few keys are compared one by one; an object with many gets a Set, so a body with
        // thousands of keys in one object costs no more than one lookup a key.
        if (top.many) top.many.add(value);
        else if (top.keys.push(value) > 16) top.many = new Set(top.keys);
        top.expectKey = false;
        top.onPath = true;
        path.push(value);
      }
      i = end;
    }
  }
  return null;
}

/** An open object (its keys so far; whether the next string is a key) or an open array. */
interface Frame {
  object: boolean;
  keys: string[];
  many: Set<string> | null;
  expectKey: boolean;
  onPath: boolean;
}

function unsupportedCharset(c: Context, charset: string): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? 'unknown';
  return new Response(
    JSON.stringify({
      type: 'urn:kindling:problem:unsupported_charset',
      title: 'The body must be UTF-8',
      status: 415,
      detail: `The body is declared as ${charset}; send it as UTF-8 (or declare no charset). Nothing was written.`,
      code: 'unsupported_charset',
      requestId,
    }),
    { status: 415, headers: { 'content-type': 'application/problem+json' } },
  );
}

/**
 * Bodies are read as UTF-8 only: a declared charset other than UTF-8 is refused (415) rather
 * than misread. A JSON body with a duplicate key or a lone surrogate is refused (422) before any
 * route sees it; the text is read once and hono keeps it for the route's own parsing.
 */
export function strictBodies(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const type = c.req.header('content-type') ?? '';
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) return unsupportedCharset(c, charset);
    if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) return next();
    const text = await c.req.text();
    let valid = true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      valid = false; // the route's own parser answers malformed_json
    }
    const problem = valid ? jsonTextProblem(text) : null;
    if (problem) {
      const error: KindlingError = invalid(
        problem.message.startsWith('is given') ? 'duplicate_json_key' : 'invalid_text',
        `${problem.path} ${problem.message}. Nothing was written.`,
        [problem],
      );
      return problemResponse(c, error);
    }
    // The route's validator reads the body the same way: give it this parse rather than a second
    // one (a 1,000-entry batch is about 280 kB of JSON). Nothing changes what was parsed.
    // Handed over once: the route's validator copies what it keeps, so the parse is not held
    // for the rest of the request (a later json() parses the text again, as hono would).
    if (valid)
      c.req.json = (() => {
        delete (c.req as { json?: unknown }).json;
        return Promise.resolve(parsed);
      }) as typeof c.req.json;
    return next();
  };
}
