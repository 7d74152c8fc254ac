import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTextProblem } from '../../src/http/strict-body.js';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { body, expectProblem, ledgerFixture, newKey } from '../contract/helpers.js';

async function fixture() {
  const { store } = openSqlite({ path: ':memory:' });
  return ledgerFixture(await makeHarness('node', store, () => store));
}

function entryText(f: Awaited<ReturnType<typeof fixture>>, description: string, extra = '') {
  return `{"effectiveDate":"2026-05-01","description":${description},"reasonCode":"manual_adjustment",${extra}"postings":[{"account":"${f.bank}","amount":"1.00"},{"account":"${f.fund}","amount":"-1.00"}]}`;
}

const postRaw = (f: Awaited<ReturnType<typeof fixture>>, text: string, type = 'application/json') =>
  f.h.request('/v1/entries', {
    method: 'POST',
    token: f.coordinator,
    key: newKey(),
    headers: { 'content-type': type },
    body: text,
  });

describe('strict request bodies', () => {
  it('refuses a lone surrogate with 422 and writes nothing', async () => {
    const f = await fixture();
    const before = await f.snapshot();
    const problem = await expectProblem(await postRaw(f, entryText(f, '"a\\ud800b"')), 422);
    expect(problem.code).toBe('invalid_text');
    expect(problem.errors).toEqual([{ path: 'description', message: expect.any(String) }]);
    expect(await f.snapshot()).toEqual(before);
    // A whole pair (an emoji) is text, and is kept.
    expect((await postRaw(f, entryText(f, '"ok \\ud83d\\ude00"'))).status).toBe(201);
  });

  it('refuses a key given twice in one object with 422 and writes nothing', async () => {
    const f = await fixture();
    const before = await f.snapshot();
    const text = entryText(f, '"first"', '"description":"second",');
    const problem = await expectProblem(await postRaw(f, text), 422, 'duplicate_json_key');
    expect(problem.errors).toEqual([{ path: 'description', message: 'is given more than once' }]);
    expect(await f.snapshot()).toEqual(before);
  });

  it('refuses a charset other than UTF-8 with 415, and takes UTF-8 said any usual way', async () => {
    const f = await fixture();
    const latin = await postRaw(f, entryText(f, '"x"'), 'application/json; charset=ISO-8859-1');
    await expectProblem(latin, 415, 'unsupported_charset');
    for (const type of ['application/json; charset=utf-8', 'application/json;charset="UTF8"'])
      expect((await postRaw(f, entryText(f, '"x"'), type)).status).toBe(201);
  });

  it('finds duplicates only among siblings, at any depth', () => {
    expect(jsonTextProblem('{"a":{"b":1},"c":{"b":2}}')).toBeNull();
    expect(jsonTextProblem('[{"a":1},{"a":1}]')).toBeNull();
    expect(jsonTextProblem('{"a":{},"b":[{"c":1,"d":{"e":1,"e":2}}]}')).toEqual({
      path: 'b.d.e',
      message: 'is given more than once',
    });
    expect(jsonTextProblem('{"a\\"b":1,"a\\u0022b":2}')?.message).toBe('is given more than once');
  });

  it('finds a repeated key in an object of many keys, early or late, and forgets closed ones', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`);
    const many = (extra: string) => `{"x":[{${keys.join(',')}${extra}}]}`;
    expect(jsonTextProblem(many(''))).toBeNull();
    for (const [extra, key] of [
      [',"k3":0', 'k3'],
      [',"k39":0', 'k39'],
      [',"k16":0', 'k16'],
    ])
      expect(jsonTextProblem(many(extra!))).toEqual({
        path: `x.${key}`,
        message: 'is given more than once',
      });
    // The frame of a closed object is reused at its depth, empty.
    expect(jsonTextProblem(`[{${keys.join(',')}},{${keys.join(',')}}]`)).toBeNull();
    expect(jsonTextProblem('[{"a":[1,{"b":1}]},{"b":2,"a":{"b":3}}]')).toBeNull();
  });

  it('agrees with JSON.parse on every object without repeated keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(jsonTextProblem(text)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('request log', () => {
  it('writes one line per request with the route pattern, status, token id and role, never the token or body', async () => {
    const f = await fixture();
    const res = await f.post(
      [
        [f.bank, '2.00'],
        [f.fund, '-2.00'],
      ],
      { description: 'A secret-ish description' },
    );
    const entry = await body(res);
    await f.h.request(`/v1/entries/${entry.id}`, { token: f.coordinator });
    const lines = f.h.log.lines.filter((l) => l.event === 'request').slice(-2);
    expect(lines[0]).toMatchObject({
      method: 'POST',
      route: '/v1/entries',
      status: 201,
      role: 'coordinator',
      tokenId: expect.stringMatching(/^tok_/),
      requestId: expect.stringMatching(/^req_/),
      durationMs: expect.any(Number),
    });
    expect(lines[1]).toMatchObject({ method: 'GET', route: '/v1/entries/:id', status: 200 });
    const all = JSON.stringify(f.h.log.lines);
    expect(all).not.toContain(f.coordinator);
    expect(all).not.toContain('secret-ish');
    expect(all).not.toContain(entry.id);
  });
});
