/**
 * The demo's clock: it follows the scenario's business dates (Asia/Shanghai), a second further at every
 * reading, so deadlines fall due as they did in 2024 and recorded times keep their order.
 */
export class SimulatedClock {
  private current: number;

  constructor(startDate: string) {
    this.current = SimulatedClock.morningOf(startDate);
  }

  private static morningOf(date: string): number {
    return Date.parse(`${date}T09:00:00+08:00`);
  }

  /** Moves to a business date; never backwards, as time does not run backwards in the log. */
  advanceTo(date: string): void {
    this.current = Math.max(this.current, SimulatedClock.morningOf(date));
  }

  readonly now = (): Date => {
    this.current += 1000;
    return new Date(this.current);
  };
}
