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
    <p>
      <a href="/">Go back to the start</a>
    </p>
  </>
);
