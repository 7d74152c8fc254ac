import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Holds the app to its own /openapi.json (issue 16): every JSON answer a contract test receives,
 * success or problem, must be an answer the document lists for that operation and status, and
 * its body must validate against the schema listed there. A mismatch throws from the request
 * itself, so the test that made the request fails and says which operation, status and field.
 *
 * ajv compiles its validators with `new Function`; the workers project runs these tests inside
 * workerd under vitest-pool-workers, which allows that (checked: the same checker runs there),
 * so one checker serves both runtimes.
 */

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  problemCodes: Record<string, string[] | undefined>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation['responses'] | unknown>>;
  components?: unknown;
}

export interface CheckedAnswer {
  operation: string;
  status: number;
  /** A problem's code; the body itself is not kept (a whole test run's answers would be). */
  code?: string;
}

type Requester = (path: string) => Promise<Response> | Response;

let shared: Promise<OpenApiChecker> | null = null;

/** One checker per test file: the document is the same for every app the harnesses build. */
export function openApiChecker(fetchDocument: Requester): Promise<OpenApiChecker> {
  shared ??= (async () => {
    const res = await fetchDocument('/openapi.json');
    return new OpenApiChecker((await res.json()) as OpenApiDocument);
  })();
  return shared;
}

export class OpenApiChecker {
  private readonly operations: Operation[] = [];
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Every answer checked, for tests that want to know what was seen (problem codes). */
  readonly seen: CheckedAnswer[] = [];

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    for (const [template, methods] of Object.entries(document.paths))
      for (const [method, op] of Object.entries(methods as Record<string, unknown>)) {
        const responses = (op as { responses: Operation['responses'] }).responses;
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
          responses,
          problemCodes: Object.fromEntries(
            Object.entries(responses).map(([status, r]) => [
              status,
              (r as { 'x-problem-codes'?: string[] })['x-problem-codes'],
            ]),
          ),
        });
      }
  }

  /** The operation a request reached, or null for pages, /health and unknown routes. */
  operationFor(method: string, path: string): Operation | null {
    const bare = decodeURI(path.split('?')[0] ?? path);
    const matches = this.operations.filter((o) => o.method === method && o.pattern.test(bare));
    // A literal segment beats a parameter: /v1/me/budgets is not /v1/{x}/budgets.
    matches.sort((a, b) => paramCount(a.template) - paramCount(b.template));
    return matches[0] ?? null;
  }

  /** Throws an Error naming the operation, status and ajv's words when the answer is off. */
  async check(method: string, path: string, res: Response): Promise<void> {
    const op = this.operationFor(method.toUpperCase(), path);
    if (!op) return;
    const name = `${op.method} ${op.template}`;
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const listed = op.responses[String(res.status)] ?? op.responses.default;
    if (!listed) throw new Error(`${name}: status ${res.status} is not in /openapi.json`);
    if (type !== 'application/json' && type !== 'application/problem+json') return;
    const schema = listed.content?.[type]?.schema;
    if (!schema) throw new Error(`${name} ${res.status}: /openapi.json lists no ${type} answer`);
    const body = await res.clone().json();
    const key = `${name} ${res.status} ${type}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile({
        ...(schema as object),
        components: this.document.components,
      });
      this.compiled.set(key, validate);
    }
    if (!validate(body))
      throw new Error(
        `${name} ${res.status} does not match /openapi.json: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}\n${JSON.stringify(body).slice(0, 600)}`,
      );
    const code = (body as { code?: unknown } | null)?.code;
    this.seen.push({
      operation: name,
      status: res.status,
      ...(type === 'application/problem+json' && typeof code === 'string' ? { code } : {}),
    });
  }
}

const paramCount = (template: string) => template.split('{').length;
