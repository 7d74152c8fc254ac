import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Role } from '../../../src/core/context.js';
import type { RunningApp } from './server.js';

/**
 * Signs in as a person would: opens the sign-in page, types the code, presses the button, and
 * checks that the browser landed on that role's first page.
 */
export async function signInWith(page: Page, app: RunningApp, code: string): Promise<void> {
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel('Access code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

const HOME: Record<Role, string> = {
  coordinator: '/sparks',
  panel: '/sparks',
  auditor: '/statements',
  holder: '/my',
  broker: '/my',
};

/** A credential for `role` in the app's alliance (holders speak for `holder`), then signs in. */
export async function signInAs(
  page: Page,
  app: RunningApp,
  role: Role,
  options: { holder?: string; alliance?: string } = {},
): Promise<void> {
  const code = await app.harness.token(role, options);
  await signInWith(page, app, code);
  expect(new URL(page.url()).pathname).toBe(HOME[role]);
}

/** Presses "Sign out" in the header and checks the session is gone. */
export async function signOut(page: Page, app: RunningApp): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForLoadState('load');
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.goto(`${app.url}/sparks`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
}
