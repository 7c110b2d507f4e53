/**
 * When the bridge sends what it observed: at most once per window. The first request after a
 * quiet window runs on the next task; later ones wait for the window's end, and join one run.
 */
export interface FlushWindow {
  /** Asks for a run: on the next task if the window since the last has passed, else at its end. */
  request(): void;
  /** Forgets a pending request (the caller runs now, or never). */
  cancel(): void;
}

export function flushWindow(ms: number, run: () => void, now: () => number = () => performance.now()): FlushWindow {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the last run on the timer began. */
  let last = -ms;
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return {
    request: () =>
      (timer ??= setTimeout(
        () => {
          timer = undefined;
          last = now();
          run();
        },
        Math.max(0, last + ms - now()),
      )),
    cancel,
  };
}
