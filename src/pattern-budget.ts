/**
 * The user's redaction patterns under a time budget. A JavaScript regular expression cannot be
 * interrupted; pattern-safety.ts refuses the patterns that can blow up, but what it lets through
 * may still be quadratic in a string's length. So each pattern's time is added up over a batch,
 * and a pattern over its budget is turned off for the rest of the background's life (a restart,
 * or changing the pattern, tries it again), and the status says so. One slow string costs one
 * call; a page cannot keep every tab's spans waiting behind it.
 *
 * A pattern the organization's policy enforces fails closed instead: over its budget, every string
 * it would have checked is replaced whole, for the rest of the background's life. Otherwise a page
 * could turn the policy's redaction off by feeding it slow strings (src/managed-settings.ts).
 */
import { updateStatus, type DisabledPattern } from './status';

/** Milliseconds one pattern may take over one batch. A batch of 1,000 ordinary spans takes a few. */
export const PATTERN_BUDGET_MS = 100;

/** Patterns turned off in this background, by source. */
export type DisabledPatterns = Map<string, DisabledPattern>;

const DISABLED: DisabledPatterns = new Map();
/** What the status was last told, so that it is written only when that changes. */
let reported: string | undefined;

/** The user's patterns, each timed, for one set of rules. */
export class TimedPatterns {
  private readonly spent: number[];
  private readonly compiled: RegExp[];

  constructor(
    private readonly sources: readonly string[],
    private readonly replacement: string,
    private readonly clock: () => number = () => performance.now(),
    private readonly disabled: DisabledPatterns = DISABLED,
    /** Patterns that fail closed over their budget. */
    private readonly enforced: ReadonlySet<string> = new Set(),
  ) {
    this.compiled = sources.map((p) => new RegExp(p, 'gi'));
    this.spent = sources.map(() => 0);
  }

  /** Starts a batch: each pattern's budget starts again. */
  startBatch(): void {
    this.spent.fill(0);
  }

  /** `text` with every pattern still on applied. */
  apply(text: string): string {
    for (let i = 0; i < this.compiled.length; i++) {
      const source = this.sources[i]!;
      if (this.disabled.has(source)) {
        if (this.enforced.has(source) && text) return this.replacement;
        continue;
      }
      const started = this.clock();
      text = text.replace(this.compiled[i]!, this.replacement);
      this.spent[i]! += this.clock() - started;
      if (this.spent[i]! > PATTERN_BUDGET_MS) {
        this.disabled.set(source, { pattern: source, ms: Math.round(this.spent[i]!), at: Date.now(), ...(this.enforced.has(source) ? { enforced: true } : {}) });
      }
    }
    return text;
  }

  /** The patterns of these rules that are turned off. */
  turnedOff(): DisabledPattern[] {
    return this.sources.flatMap((source) => this.disabled.get(source) ?? []);
  }

  /**
   * Background only: tells the status which of these patterns are off. The first call of a
   * background's life writes even an empty list, so one that restarted shows none as off.
   */
  report(): void {
    const off = this.turnedOff();
    const key = JSON.stringify(off);
    if (key === reported) return;
    reported = key;
    void updateStatus((s) => ({ ...s, disabledPatterns: off }));
  }
}
