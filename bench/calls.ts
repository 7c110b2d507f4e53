/**
 * Per-call costs measured in tabs that take turns: each round runs one expression in every tab, in
 * a random order, so drift and warm-up fall on every setup alike; one round first, not counted.
 */
import { PipeBrowser } from './cdp-pipe';
import { shuffled } from './paired';

/** A tab that runs an expression: Playwright's, or one with no DevTools session (cdp-pipe.ts). */
export interface Evaluates {
  evaluate(expression: string): Promise<unknown>;
}

/** `rounds` rounds of `call` in every tab, the tabs in a random order each round; one round first, not counted. */
export async function measureCalls<S extends string>(tabs: Record<S, Evaluates>, call: string, rounds: number): Promise<Record<S, number[]>> {
  const setups = Object.keys(tabs) as S[];
  const out = Object.fromEntries(setups.map((s) => [s, [] as number[]])) as Record<S, number[]>;
  for (let round = -1; round < rounds; round++) {
    for (const setup of shuffled(setups)) {
      const ms = (await tabs[setup].evaluate(call)) as number;
      if (round >= 0) out[setup].push(ms);
    }
  }
  return out;
}

/**
 * `expression` (a difference measured within one tab) in one tab per setup, each setup a browser
 * of its own with that extension folder loaded (undefined: none), driven with no DevTools session
 * on their pages (cdp-pipe.ts), as measureCalls takes turns.
 */
export async function untracedCalls<S extends string>(extensions: Record<S, string | undefined>, url: string, expression: string, rounds: number): Promise<Record<S, number[]>> {
  const setups = Object.keys(extensions) as S[];
  const browsers = await Promise.all(setups.map((s) => PipeBrowser.launch(extensions[s])));
  try {
    const tabs = {} as Record<S, Evaluates>;
    for (const [i, setup] of setups.entries()) tabs[setup] = await browsers[i]!.open(url);
    return await measureCalls(tabs, expression, rounds);
  } finally {
    await Promise.all(browsers.map((b) => b.close()));
  }
}
