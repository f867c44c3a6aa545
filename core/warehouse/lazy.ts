/**
 * A value (a connection, a lookup) made on first use and shared by every caller; a making that
 * fails is forgotten, so the next use tries again.
 */
export class Lazy<T> {
  private made?: Promise<T>;

  constructor(private readonly make: () => Promise<T>) {}

  get(): Promise<T> {
    this.made ??= this.make().catch((error: unknown) => {
      this.made = undefined;
      throw error;
    });
    return this.made;
  }

  /** The value, if one was made, handed over (to be closed): the next use makes a new one. */
  async take(): Promise<T | undefined> {
    const made = this.made;
    this.made = undefined;
    return made?.catch(() => undefined);
  }
}
