import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, runScript, startService, type ServiceProcess } from '../support/server-process.js';
import { browserAvailable, launch, newPage, PHONE } from './support/browser.js';
import { checkPage } from './support/check.js';

/**
 * The service as `npm start` runs it (src/node.ts in its own process, its own clock, ids, logger
 * and address lookup), not the harness's in-process app: the harness once hid a 500 that only the
 * real entrypoint gave. An operator makes the database and the first token with the admin script,
 * the coordinator signs in with the token through the form, gives a panel member a sign-in code on
 * /access, and the panel member signs in with it on a phone and signs out.
 */

/** In this engineer's range (8840–8849), so two suites on the machine never take the same port. */
const PORT = '8843';

describe.skipIf(!browserAvailable())('the real entrypoint in a real browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-entry-'));
  const db = join(dir, 'kindling.sqlite');
  let browser: Browser;
  let service: ServiceProcess;
  let token: string;

  beforeAll(async () => {
    const created = await runScript('src/admin.ts', ['create-database'], { KINDLING_DB: db });
    expect(created.code, created.stderr).toBe(0);
    const issued = await runScript(
      'src/admin.ts',
      ['create-token', '--role', 'coordinator', '--alliance', 'crawley', '--name', 'Treasurer'],
      { KINDLING_DB: db },
    );
    expect(issued.code, issued.stderr).toBe(0);
    token = issued.stdout.trim().split('\n').at(-1)!.trim();
    expect(token).toMatch(/^kdl_/);
    [browser, service] = await Promise.all([
      launch(),
      startService({ KINDLING_DB: db, PORT, LOG_LEVEL: 'info' }),
    ]);
    const alliance = await call(service.url, 'POST', '/v1/alliances', {
      token,
      key: 'entry-alliance',
      json: { id: 'crawley', name: 'Crawley Recovery Alliance' },
    });
    expect(alliance.status, JSON.stringify(alliance.body)).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (service) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in through the form, gives out a code, and the code signs a person in', async () => {
    expect(service.url).toBe(`http://127.0.0.1:${PORT}`);
    const coordinator = await newPage(browser, PHONE);
    const page = coordinator.page;
    await page.goto(`${service.url}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByLabel('Sign-in code').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/sparks');
    await checkPage(page);

    await page.getByRole('link', { name: 'Sign-in codes' }).click();
    await page.getByLabel('Who is it for?').fill('A.B.');
    await page.getByLabel(/Panel member/).check();
    await page.getByRole('button', { name: 'Make the code' }).click();
    await page.waitForLoadState('load');
    const code = (await page.locator('.slip-code').textContent())!.trim();
    await checkPage(page);

    const person = await newPage(browser, PHONE);
    await person.page.goto(`${service.url}/sign-in`);
    await person.page.getByLabel('Sign-in code').fill(code);
    await person.page.getByRole('button', { name: 'Sign in' }).click();
    await person.page.waitForLoadState('load');
    expect(new URL(person.page.url()).pathname).toBe('/sparks');
    await checkPage(person.page);
    await person.page.getByRole('button', { name: 'Sign out' }).click();
    await person.page.waitForLoadState('load');
    expect(new URL(person.page.url()).pathname).toBe('/sign-in');
    await Promise.all([coordinator.context.close(), person.context.close()]);

    // Every request the service logged was answered without a server error.
    const statuses = service
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { status?: number; path?: string; route?: string })
      .filter((l) => typeof l.status === 'number');
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((l) => l.status! >= 500)).toEqual([]);
  }, 120_000);
});
