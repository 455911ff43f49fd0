// The local cloud's clock: real time, moved forward by advance() and, after setRate(k), running k
// times as fast, so that a minute of replication delay passes in a second of a test.

/** A clock in ms epoch that tests may move forward or speed up; it never runs backwards while in use. */
export class CloudClock {
  private anchorReal = Date.now();
  private anchorCloud = this.anchorReal;
  private rate = 1;

  constructor(private readonly realNow: () => number = Date.now) {
    this.reset();
  }

  /** The cloud's time in ms epoch. */
  now(): number {
    return this.anchorCloud + (this.realNow() - this.anchorReal) * this.rate;
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    this.anchorCloud += ms;
  }

  /** Makes the clock run `rate` times as fast as real time from this moment on. */
  setRate(rate: number): void {
    if (!(rate > 0) || !Number.isFinite(rate))
      throw new RangeError(`Clock rate must be a positive number, got ${rate}.`);
    this.anchorCloud = this.now();
    this.anchorReal = this.realNow();
    this.rate = rate;
  }

  /** Back to real time at rate 1. */
  reset(): void {
    this.anchorReal = this.realNow();
    this.anchorCloud = this.anchorReal;
    this.rate = 1;
  }
}
