/** One request's worth of items and the bytes their encodings add up to. */
export interface Pack<T> {
  items: T[];
  bytes: number;
}

export interface PackLimits {
  /** Items per request. */
  maxCount: number;
  /** Bytes per request body, envelope included. */
  maxBytes: number;
  /** Bytes of the body around the items (`{"batch":[` … `]}`). */
  envelopeBytes?: number;
  /** Bytes between two items (a comma in a JSON array). */
  separatorBytes?: number;
}

/**
 * Splits items into requests that respect both the service's count and byte limits, in order.
 * An item that alone exceeds the byte limit gets a request of its own: callers reject such items
 * before packing (with the service's per-record limit), so this never happens silently.
 */
export function packByCountAndBytes<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  limits: PackLimits,
): Pack<T>[] {
  const envelope = limits.envelopeBytes ?? 0;
  const separator = limits.separatorBytes ?? 1;
  const packs: Pack<T>[] = [];
  let current: Pack<T> = { items: [], bytes: envelope };
  for (const item of items) {
    const size = sizeOf(item);
    const added = current.items.length === 0 ? size : size + separator;
    if (
      current.items.length > 0 &&
      (current.items.length >= limits.maxCount || current.bytes + added > limits.maxBytes)
    ) {
      packs.push(current);
      current = { items: [], bytes: envelope };
    }
    current.bytes += current.items.length === 0 ? size : size + separator;
    current.items.push(item);
  }
  if (current.items.length > 0) packs.push(current);
  return packs;
}
