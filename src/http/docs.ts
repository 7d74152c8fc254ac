/**
 * A readable API reference rendered on the server from the OpenAPI document: no scripts, no
 * fonts or styles from elsewhere, so it works offline and on a slow phone.
 */
type Json = Record<string, unknown>;

const esc = (text: unknown) =>
  String(text ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

function schemaText(schema: unknown, doc: Json, depth = 0): string {
  if (!schema || typeof schema !== 'object' || depth > 6) return 'any';
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop()!;
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  if (Array.isArray(s.anyOf)) return s.anyOf.map((x) => schemaText(x, doc, depth + 1)).join(' | ');
  // A problem answer: the Problem schema with its `code` narrowed to the operation's codes.
  if (Array.isArray(s.allOf))
    return s.allOf.map((x) => schemaText(x, doc, depth + 1)).join(' where ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type as string | undefined);
  if (type === 'array') return `array of ${schemaText(s.items, doc, depth + 1)}`;
  if (type === 'object' || s.properties) {
    const props = (s.properties ?? {}) as Record<string, unknown>;
    const required = new Set((s.required as string[] | undefined) ?? []);
    const rows = Object.entries(props)
      .map(
        ([name, p]) =>
          `<li><code>${esc(name)}</code>${required.has(name) ? '' : ' <small>(optional)</small>'}: ${schemaText(p, doc, depth + 1)}${describe(p)}</li>`,
      )
      .join('');
    return `object<ul>${rows}</ul>`;
  }
  const enumValues = Array.isArray(s.enum)
    ? ` one of ${s.enum.map((v) => `<code>${esc(v)}</code>`).join(', ')}`
    : '';
  const example =
    s.example !== undefined
      ? ` <small>e.g. <code>${esc(JSON.stringify(s.example))}</code></small>`
      : '';
  return `${esc(type ?? 'any')}${enumValues}${example}`;
}

function describe(schema: unknown): string {
  const d = schema && typeof schema === 'object' ? (schema as Json).description : undefined;
  return d ? ` — ${esc(d)}` : '';
}

export function renderDocsPage(doc: Json): string {
  const info = (doc.info ?? {}) as Json;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const operations: string[] = [];
  const toc: string[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const anchor = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
      toc.push(
        `<li><a href="#${anchor}"><code>${method.toUpperCase()} ${esc(path)}</code></a> ${esc(op.summary)}</li>`,
      );
      const params = ((op.parameters ?? []) as Json[])
        .map(
          (p) =>
            `<li><code>${esc(p.name)}</code> <small>(${esc(p.in)}${p.required ? ', required' : ''})</small>: ${schemaText(p.schema, doc)}${describe(p)}</li>`,
        )
        .join('');
      const body = (
        (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined
      )?.['application/json']?.schema;
      const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
        .map(([status, r]) => {
          const content = (r.content ?? {}) as Record<string, Json>;
          const [type, media] = Object.entries(content)[0] ?? [];
          return `<li><strong>${esc(status)}</strong> ${esc(r.description)}${type ? ` <small>(${esc(type)})</small>: ${schemaText(media?.schema, doc)}` : ''}</li>`;
        })
        .join('');
      operations.push(`<section id="${anchor}">
<h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}${op.description ? `. ${esc(op.description)}` : ''}</p>
${op.security ? '<p><small>Needs a bearer token.</small></p>' : '<p><small>Open: no token needed.</small></p>'}
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${body ? `<h4>Body</h4><div>${schemaText(body, doc)}</div>` : ''}
<h4>Responses</h4><ul>${responses}</ul>
</section>`);
    }
  }
  const schemas = Object.entries(
    ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, unknown>,
  )
    .map(
      ([name, s]) =>
        `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><div>${schemaText(s, doc)}</div></section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} reference</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1b1b}
code{background:#f3f3f3;padding:0 .2em;border-radius:3px}
section{border-top:1px solid #ddd;padding:.5rem 0}
.m{display:inline-block;min-width:4rem;font-size:.8em;padding:.1em .4em;border-radius:3px;color:#fff;background:#555;text-align:center}
.m.get{background:#1d6b3a}.m.post{background:#1f4e8c}
small{color:#555} a{color:#1f4e8c}
</style></head><body>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>${esc(info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Operations</h2><ul>${toc.join('')}</ul>
${operations.join('\n')}
<h2>Schemas</h2>${schemas}
</body></html>`;
}
