import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Role } from '../../../src/core/context.js';
import type { RunningApp } from './server.js';

/** Where each role lands after signing in. */
export const HOME: Record<Role, string> = {
  coordinator: '/sparks',
  panel: '/sparks',
  auditor: '/statements',
  holder: '/my',
  broker: '/my',
};

const coordinators = new WeakMap<RunningApp, string>();

/**
 * A sign-in code for one person and role, issued through the API as a coordinator would (the
 * first coordinator's bearer token is made once per app). Holders and brokers need `holder`.
 */
export async function issueCode(
  app: RunningApp,
  role: Role,
  options: { holder?: string; personName?: string; days?: number } = {},
): Promise<string> {
  let token = coordinators.get(app);
  if (!token) {
    token = await app.harness.token('coordinator');
    coordinators.set(app, token);
  }
  const res = await app.harness.request('/v1/sign-in-codes', {
    method: 'POST',
    token,
    json: {
      role,
      personName: options.personName ?? `${role} tester`,
      holderId: options.holder ?? (role === 'holder' || role === 'broker' ? 'hld_test' : null),
      ...(options.days ? { days: options.days } : {}),
    },
  });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text).code as string;
}

/** Opens the sign-in page, types what is on the slip, presses the button. */
export async function signInWith(page: Page, app: RunningApp, code: string): Promise<void> {
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel('Sign-in code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

/** Signs in as a person in `role` would, with a fresh code, and checks where they landed. */
export async function signInAs(
  page: Page,
  app: RunningApp,
  role: Role,
  options: { holder?: string; personName?: string } = {},
): Promise<void> {
  await signInWith(page, app, await issueCode(app, role, options));
  // A coordinator of an alliance whose Small Sparks is not set up yet is sent to set it up.
  const landed = new URL(page.url()).pathname;
  expect(landed === '/sparks/setup' && role === 'coordinator' ? HOME[role] : landed).toBe(
    HOME[role],
  );
}

/** Presses "Sign out" in the header and checks the session is gone. */
export async function signOut(page: Page, app: RunningApp): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState('load');
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.goto(`${app.url}/sparks`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
}
