import type { Page } from 'playwright-core';

/**
 * Presses a form's button, then sends the very same form again from the page it landed on (the
 * same fields, the same idempotency key, the same button's formaction), as a double tap or a
 * resend after a slow answer would. Returns the path the first press landed on.
 */
export async function pressTwice(page: Page, button: string | RegExp): Promise<string> {
  const target = page.getByRole('button', { name: button });
  const sent = await target.evaluate((b) => {
    const button = b as HTMLButtonElement;
    const form = button.form!;
    // The fields as the browser would send them with this button (no files on our forms).
    const data: [string, string][] = [];
    new FormData(form, button).forEach((v, k) => {
      data.push([k, String(v)]);
    });
    // formAction reads as the page's own address when the button has no formaction of its own.
    return { action: button.hasAttribute('formaction') ? button.formAction : form.action, data };
  });
  await target.click();
  await page.waitForLoadState('load');
  const landed = new URL(page.url()).pathname;
  // form.submit() navigates after evaluate returns: wait for that navigation itself to load.
  const loaded = page.waitForNavigation({ waitUntil: 'load' });
  await page.evaluate((s) => {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = s.action;
    for (const [name, value] of s.data) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  }, sent);
  await loaded;
  return landed;
}
