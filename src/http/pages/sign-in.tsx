import { ErrorSummary, TextField } from './form.js';

/** Why a sign-in was refused, in words: the message at the field, and what to do next. */
export interface SignInRefusal {
  /** The page's heading when it is its own page (a used, expired or withdrawn code). */
  title: string | null;
  detail: string;
  todo: string;
}

/** Signing in with the sign-in code a coordinator gave: one question, on a phone. */
export const signInPage = (refusal: SignInRefusal | null, typed = '') => (
  <>
    <ErrorSummary errors={refusal ? { code: refusal.detail } : {}} />
    <h1>{refusal?.title ?? 'Sign in to Kindling'}</h1>
    {refusal?.title && <p>{refusal.todo}</p>}
    <p>
      Use the sign-in code your coordinator gave you. It works once, on this device, and decides
      what you can see: your own budgets, your alliance’s Small Sparks, or its statements.
    </p>
    <form method="post" action="/sign-in" novalidate>
      <TextField
        id="code"
        label="Sign-in code"
        hint="On your slip, like K7M-PQX-4R9T. Small letters and spaces are fine."
        error={refusal?.detail}
        value={typed}
        width="w20"
        autocomplete="one-time-code"
      />
      <button type="submit" class="button">
        Sign in
      </button>
    </form>
    {refusal && !refusal.title && <p>{refusal.todo}</p>}
    <p class="muted">
      On a shared computer, sign out when you finish. Signing in lasts at most 12 hours.
    </p>
  </>
);

/** Too many wrong codes from this device: how long to wait, and what to do. */
export const throttledContent = (wait: string) => (
  <>
    <h1>Too many wrong sign-in codes</h1>
    <p>Sign-in codes from this device were wrong too many times, so the next try has to wait.</p>
    <p>Wait {wait}, then try again with the code exactly as it is on your slip.</p>
    <p>If your code still does not work, ask your coordinator for a new one.</p>
    <ul class="links">
      <li>
        <a href="/sign-in">Go back to sign in</a>
      </li>
    </ul>
  </>
);

/** A page that says what went wrong, what to do, and a way back. */
export const problemPage = (title: string, detail: string) => (
  <>
    <h1>{title}</h1>
    <p>{detail}</p>
    <ul class="links">
      <li>
        <a href="/">Go back to the start</a>
      </li>
    </ul>
  </>
);

/** A form refused because it came from elsewhere: what happened, that nothing changed, what to do. */
export const refusedContent = () => (
  <>
    <h1>This form was not sent from Kindling</h1>
    <p>
      Kindling only accepts forms filled in on its own pages. This one came from another website or
      app, so nothing was saved and nothing was changed.
    </p>
    <h2>What to do</h2>
    <ul>
      <li>If you were filling in a Kindling form, open Kindling again and fill it in there.</li>
      <li>
        If a link in an email, a message or another website brought you here, do not use it again,
        and tell your coordinator about it.
      </li>
    </ul>
    <p>
      <a href="/" class="button">
        Go to Kindling’s start page
      </a>
    </p>
  </>
);
