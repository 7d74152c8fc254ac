/**
 * Accounts in words, as a treasurer or an auditor knows them: "Bank account", "Small Sparks
 * fund", "Award to SP-7KQ2-M9XD, not yet paid", "Budget of IB-4F2K". The code (with its internal
 * ids) stays in the API; statements name the account and the reference of whom it is about.
 *
 * `subject` is what the store found the account is about: the applicant's SP- reference for an
 * award, the holder's IB- reference for a budget, the stream's name, or "pool name · IB-…" for a
 * share of a pool. It never holds a person's name.
 */
export function accountName(code: string, storedName: string | null, subject: string | null) {
  const parts = code.split(':');
  const about = subject ?? parts[1] ?? code;
  switch (parts[0]) {
    case 'alliance': {
      const rest = parts.slice(2).join(':');
      if (rest === 'bank') return 'Bank account';
      if (rest === 'fund:sparks') return 'Small Sparks fund';
      if (rest === 'income:brokerage') return 'Brokerage top-slice (income)';
      return storedName ?? rest.replaceAll(':', ' ').replaceAll('_', ' ');
    }
    case 'award':
      return `Award to ${about}, not yet paid`;
    case 'budget':
      return parts[2] === 'held'
        ? `Budget of ${about}: held for spends waiting for approval`
        : `Budget of ${about}`;
    case 'stream':
      return `Funding stream: ${about}`;
    case 'pool': {
      const [pool, member] = subject?.split(' · ') ?? [parts[1], parts[3]];
      return `Pool ${pool}: share of ${member}`;
    }
    default:
      return storedName ?? code;
  }
}

/** "asset" -> "an asset account", "fund" -> "a fund account": the article a reader expects. */
export function accountKind(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} account`;
}
