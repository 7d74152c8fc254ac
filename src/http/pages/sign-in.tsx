import { ErrorSummary } from './form.js';

/** Signing in with the access code a coordinator gave: one question, on a phone. */
export const signInPage = (problem: string | null) => (
  <>
    <ErrorSummary errors={problem ? { token: problem } : {}} />
    <h1>Sign in to Kindling</h1>
    <p>
      Use the access code your coordinator gave you. It decides what you can see: your own budgets,
      your alliance’s Small Sparks, or its statements.
    </p>
    <form method="post" action="/sign-in" novalidate>
      <div class={problem ? 'form-group form-group--error' : 'form-group'}>
        <label class="label" for="token">
          Access code
        </label>
        {problem && (
          <p id="token-error" class="error-message">
            <span class="visually-hidden">Error:</span> {problem}
          </p>
        )}
        <input
          class={problem ? 'input input--error' : 'input'}
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          aria-describedby={problem ? 'token-error' : undefined}
          aria-invalid={problem ? 'true' : undefined}
        />
      </div>
      <button type="submit" class="button">
        Sign in
      </button>
    </form>
    <p class="muted">
      On a shared computer, sign out when you finish. Signing in lasts at most 12 hours.
    </p>
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
