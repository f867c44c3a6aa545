/**
 * The spellings a secret takes on its way out and back: as sent (a header value), percent-encoded
 * in a URL (`%40` for `@`, and `+` for a space in a query string), and escaped inside a JSON
 * string. A service that echoes the request it refused (its URL, or its headers as JSON) answers
 * in one of these, so each must be scrubbed, not only the secret as typed.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret)]);
  forms.add(new URLSearchParams({ s: secret }).toString().slice('s='.length));
  forms.add(JSON.stringify(secret).slice(1, -1));
  return [...forms];
}

/** Every form of every secret at least `minLength` long, longest first (never half-replaced). */
export function scrubbableForms(secrets: readonly string[], minLength: number): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < minLength) continue;
    for (const form of secretForms(secret)) forms.add(form);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}
