/** A count in the user's own locale ("150,000,000", "150.000.000", "150 000 000"). */
export const formatCount = (n: number): string => n.toLocaleString();

/** The locale's digit-group separator (",", ".", a narrow no-break space…). */
const groupSeparator = (): string =>
  new Intl.NumberFormat().formatToParts(1_000_000).find((part) => part.type === 'group')?.value ??
  ',';

/**
 * A whole number as typed, with or without the locale's grouping (also spaces and underscores):
 * "150,000,000" → 150000000. Null when it is not a whole number of 0 or more.
 */
export function parseWholeNumber(text: string): number | null {
  const group = groupSeparator();
  const cleaned = text.trim().replace(/[\s_]/g, '').split(group).join('');
  return /^\d+$/.test(cleaned) ? Number(cleaned) : null;
}
