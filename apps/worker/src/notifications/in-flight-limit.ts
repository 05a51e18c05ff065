/**
 * At most `max` things at once per key, in this process. `enter` answers a release function, or
 * undefined when the key is full; `wait` may also stand in a short line, first come first served,
 * while the key's places are moving (one was freed within the wait, or they were all free until
 * then): a place freed goes to the first in line, and a caller still in line after its wait (or
 * with the line full, or places held longer than the wait with none freed) gets undefined and goes
 * away to come back later.
 */
export class InFlightLimit {
  private readonly inFlight = new Map<string, number>();
  private readonly lines = new Map<string, Array<(release: () => void) => void>>();
  /**
   * When a place of each key was last freed, or first taken while none was held: a key whose
   * places stay held longer than the wait gets no line. One that was idle a moment ago has had no
   * time to free a place yet (three tries arriving together at a receiver that answers in
   * milliseconds put the third off for a request's time otherwise: the benchmark's tail).
   */
  private readonly lastMoved = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly clock: () => number = Date.now,
  ) {}

  enter(key: string): (() => void) | undefined {
    const now = this.inFlight.get(key) ?? 0;
    if (now >= this.max) return undefined;
    this.inFlight.set(key, now + 1);
    if (now === 0) this.lastMoved.set(key, this.clock());
    return this.releaser(key);
  }

  /**
   * A place now, or the first one freed within `waitMs`, standing in line behind fewer than
   * `lineLength`, when a place of the key was freed within the last `waitMs`.
   */
  wait(key: string, waitMs: number, lineLength: number): Promise<(() => void) | undefined> {
    const now = this.enter(key);
    const line = this.lines.get(key) ?? [];
    const moving = this.clock() - (this.lastMoved.get(key) ?? -Infinity) <= waitMs;
    if (now || !moving || line.length >= lineLength) return Promise.resolve(now);
    return new Promise((resolve) => {
      const take = (release: () => void) => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        const at = line.indexOf(take);
        if (at >= 0) line.splice(at, 1);
        if (line.length === 0 && this.lines.get(key) === line) this.lines.delete(key);
        resolve(undefined);
      }, waitMs);
      line.push(take);
      this.lines.set(key, line);
    });
  }

  /** How many are in flight for this key now. */
  count(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }

  private releaser(key: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.lastMoved.set(key, this.clock());
      const line = this.lines.get(key);
      const next = line?.shift();
      if (line?.length === 0) this.lines.delete(key);
      // The place passes to the first in line: the count stays as it is.
      if (next) return next(this.releaser(key));
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) return void this.inFlight.set(key, left);
      this.inFlight.delete(key);
      this.lastMoved.delete(key); // nothing held: the next comes straight in
    };
  }
}
