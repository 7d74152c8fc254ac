import { raw } from 'hono/html';
import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import { STYLE } from './style.js';

/**
 * The page shell and the patterns that frame what a page says: header and navigation, the back
 * link, the notification banner (what you just did) and the confirmation panel (the end of a
 * job). Components render with hono/jsx, which escapes every text child and attribute, so a name
 * or a purpose someone typed can never become markup; nothing here uses raw() on people's text.
 */

export interface NavLink {
  href: string;
  label: string;
}

export interface Shell {
  title: string;
  /** Puts "Error: " before the title, as GOV.UK does when a form comes back with errors. */
  hasErrors?: boolean;
  /** The real previous page, before <main> so "Skip to main content" skips it. */
  back?: { href: string; label?: string } | undefined;
  /** Who is signed in, for the header; null on the pages before signing in. */
  signedIn: { who: string; nav: NavLink[] } | null;
}

/** For class lists and aria-describedby: falsy parts drop out; nothing left leaves it off. */
export const join = (...xs: unknown[]) =>
  xs.filter((x): x is string => typeof x === 'string' && x !== '').join(' ') || undefined;

export const Layout: FC<PropsWithChildren<Shell>> = ({
  title,
  hasErrors,
  back,
  signedIn,
  children,
}) => (
  <html lang="en-GB">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{`${hasErrors ? 'Error: ' : ''}${title} – Kindling`}</title>
      {/* Our own constant stylesheet: no person's text ever reaches it. */}
      <style>{raw(STYLE)}</style>
    </head>
    <body>
      <a href="#main-content" class="skip-link">
        Skip to main content
      </a>
      <header class="header">
        <div class="header__inner">
          <a class="header__brand" href="/">
            Kindling
          </a>
          {signedIn && (
            <nav aria-label="Main">
              <ul class="header__nav">
                {signedIn.nav.map((n) => (
                  <li>
                    <a href={n.href}>{n.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {signedIn && (
            <div class="header__who">
              <span>{signedIn.who}</span>
              <form method="post" action="/sign-out">
                <button class="header__signout" type="submit">
                  Sign out
                </button>
              </form>
            </div>
          )}
        </div>
      </header>
      <div class="container">
        {back && (
          <nav aria-label="Back">
            <a href={back.href} class="back-link">
              {back.label ?? 'Back'}
            </a>
          </nav>
        )}
        <main id="main-content">{children}</main>
      </div>
    </body>
  </html>
);

/** The page as text, with its doctype. */
export const document = (shell: Shell, content: Child) =>
  `<!DOCTYPE html>${(<Layout {...shell}>{content}</Layout>).toString()}`;

/**
 * The result of what the person just did, at the top of the page they were sent to (Post/
 * Redirect/Get). It takes focus when no error summary is there to take it.
 */
export const Banner: FC<
  PropsWithChildren<{ heading: string; success?: boolean; focus?: boolean }>
> = ({ heading, success = true, focus = true, children }) => (
  // biome-ignore lint/a11y/useAriaPropsSupportedByRole: aria-labelledby names the alert or region by its title, as GOV.UK's notification banner does
  <div
    class={join('banner', success && 'banner--success')}
    role={success ? 'alert' : 'region'}
    aria-labelledby="banner-title"
    tabindex={-1}
    autofocus={focus}
  >
    <div class="banner__header">
      <h2 class="banner__title" id="banner-title">
        {success ? 'Success' : 'Important'}
      </h2>
    </div>
    <div class="banner__content">
      <p class="banner__heading">{heading}</p>
      {children}
    </div>
  </div>
);

/** The end of a job: the <h1> in the green panel, and nothing to press inside it. */
export const Panel: FC<{ title: string; body?: Child }> = ({ title, body }) => (
  <div class="panel">
    <h1 class="panel__title">{title}</h1>
    {body !== undefined && <div class="panel__body">{body}</div>}
  </div>
);

/** "What next" links after a job, each a full-size target. */
export const NextLinks: FC<{
  heading?: string;
  links: (NavLink | false | null | undefined | '')[];
}> = ({ heading = 'What next', links }) => (
  <>
    <h2>{heading}</h2>
    <ul class="links">
      {links
        .filter((l): l is NavLink => !!l)
        .map((l) => (
          <li>
            <a href={l.href}>{l.label}</a>
          </li>
        ))}
    </ul>
  </>
);

/**
 * The end of a job, at the top of the page the form redirected to (Post/Redirect/Get): the panel
 * says what was done, the links what to do next. The page's own heading then steps down to <h2>,
 * since the panel holds the <h1>.
 */
export const Confirmation: FC<{
  title: string;
  body?: Child;
  links: (NavLink | false | null | undefined | '')[];
}> = ({ title, body, links }) => (
  <>
    <Panel title={title} body={body} />
    {links.some(Boolean) && <NextLinks links={links} />}
  </>
);
