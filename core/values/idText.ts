/** A record id as text, as destinations and logs name it: a string as is, anything else as JSON. */
export const idText = (id: unknown): string => (typeof id === 'string' ? id : JSON.stringify(id));
