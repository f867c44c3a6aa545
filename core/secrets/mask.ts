import { scrubbableForms } from './secretForms.js';

export const MASK = '****';

/** A URL fit to show and log: password and query values replaced by the mask. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = MASK;
    for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, MASK);
    return parsed
      .toString()
      .replace(/\*\*\*\*/g, MASK)
      .replace(/%2A%2A%2A%2A/g, MASK);
  } catch {
    return '(unparseable URL)';
  }
}

/** Replaces every secret in a text (error messages, logs), in any of its encodings, by the mask. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const form of scrubbableForms(secrets, 3)) out = out.split(form).join(MASK);
  return out;
}
