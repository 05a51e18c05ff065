/**
 * At most `max` things at once per key, in this process: `enter` answers a release function, or
 * undefined when the key is full (the caller does not wait in line; it goes away and comes back).
 */
export class InFlightLimit {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly max: number) {}

  enter(key: string): (() => void) | undefined {
    const now = this.inFlight.get(key) ?? 0;
    if (now >= this.max) return undefined;
    this.inFlight.set(key, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    };
  }

  /** How many are in flight for this key now. */
  count(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }
}
