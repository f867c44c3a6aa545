/** A record id as text, as destinations and logs name it: a string as is, anything else as JSON. */
export const idText = (id: unknown): string =>
  typeof id === 'string'
    ? id
    : // A finite number's JSON is its String() text, which costs a fraction of JSON.stringify.
      typeof id === 'number' && Number.isFinite(id)
      ? String(id)
      : JSON.stringify(id);
