/** A decimal text as (sign, significant digits, power of ten): '-0.0120' → ['-', '12', -3]. */
function canonical(text: string): [string, string, number] {
  const match = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  let digits = (whole + fraction).replace(/^0+/, '');
  let power = Number(exponent) - fraction.length;
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  power += trailing;
  return digits === '' ? ['', '', 0] : [sign === '-' ? '-' : '', digits, power];
}

/** Whether two decimal texts (fixed or exponent notation) are the same value. */
export function sameDecimal(a: string, b: string): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The exact decimal text without the scale's trailing zeros: '1.500' → '1.5', '12.00' → '12'. */
export function trimmedDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * The JSON value CLI.md's rule gives a decimal, computed the way a JSON reader sees it: a number
 * when JavaScript reads the number back as the same value, else the exact text as a string.
 * Integral values past 2^53 − 1 are strings, like integers.
 */
export function expectedDecimalJson(text: string): number | string {
  const exact = trimmedDecimal(text);
  const asNumber = Number(exact);
  const safe = BigInt(Number.MAX_SAFE_INTEGER);
  const integralBeyondSafe =
    !exact.includes('.') && (BigInt(exact) > safe || BigInt(exact) < -safe);
  if (integralBeyondSafe) return exact;
  return sameDecimal(String(asNumber), exact) ? asNumber : exact;
}
