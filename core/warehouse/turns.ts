/**
 * Work that must not overlap (statements on one connection or session), run one piece at a time
 * in the order asked; a piece that fails ends only its own turn.
 */
export class Turns {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.last.then(work);
    this.last = turn.catch(() => undefined);
    return turn;
  }
}
