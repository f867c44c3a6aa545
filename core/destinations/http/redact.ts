import { scrubbableForms } from '../../secrets/secretForms.js';

/** The URL as safe to show: no user info, no query string (tokens often live there). */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** The forms scrubSecrets replaces: every encoding of each secret of 4 characters or more. */
export const scrubForms = (secrets: readonly string[]): string[] => scrubbableForms(secrets, 4);

/** Replaces every form (from scrubForms) in `text` with `***`. */
export function scrubFormsIn(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) out = out.split(form).join('***');
  return out;
}

/** Replaces every occurrence of a secret (header value), in any of its encodings, with `***`. */
export const scrubSecrets = (text: string, secrets: readonly string[]): string =>
  scrubFormsIn(text, scrubForms(secrets));

/** The first `max` characters on one line, for error reasons. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Every form a webhook's credentials can take in an answer: whole header values, the credential
 * after an auth scheme ("Bearer X" → X), decoded Basic credentials, the URL's password and every
 * query value. Longest first, so a secret is never half-replaced by a shorter one inside it.
 */
export function webhookSecrets(url: URL, headers: Record<string, string>): string[] {
  const secrets = new Set<string>();
  for (const value of Object.values(headers)) {
    secrets.add(value);
    const [scheme, ...rest] = value.trim().split(/\s+/);
    const credential = rest.join(' ');
    if (credential) secrets.add(credential);
    if (scheme?.toLowerCase() === 'basic' && credential) {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      secrets.add(decoded);
      const colon = decoded.indexOf(':');
      if (colon >= 0) secrets.add(decoded.slice(colon + 1));
    }
  }
  if (url.password) {
    const password = decodeURIComponent(url.password);
    secrets.add(password);
    // Node sends a URL's user info as Basic credentials, which an echoing service answers with.
    const basic = `${decodeURIComponent(url.username)}:${password}`;
    secrets.add(Buffer.from(basic, 'utf8').toString('base64'));
  }
  for (const value of url.searchParams.values()) secrets.add(value);
  return [...secrets].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
}
