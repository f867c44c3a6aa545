import { MASK } from './mask.js';

/**
 * A URL edited from its masked form (`postgres://ann:****@host/db`): where the password or a
 * query value is still the mask, the stored URL's is put back, so a secret is kept unless it
 * is typed again. A URL that is not parseable, or a different user, keeps nothing.
 */
export function keepMaskedUrlParts(edited: string, stored: string): string {
  let next: URL;
  let before: URL;
  try {
    next = new URL(edited);
    before = new URL(stored);
  } catch {
    return edited;
  }
  const masked = (value: string) => value === MASK || decodeURIComponent(value) === MASK;
  if (masked(next.password)) {
    // The password belongs to a user: typed for another user, the mask cannot stand for it.
    next.password = next.username === before.username ? before.password : '';
  }
  for (const [key, value] of [...next.searchParams.entries()]) {
    if (masked(value)) {
      const kept = before.searchParams.get(key);
      if (kept === null) next.searchParams.delete(key);
      else next.searchParams.set(key, kept);
    }
  }
  return next.toString();
}
