/** Preact hooks over the store and the background's status. */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { INITIAL_STATUS, readStatus, watchStatus, type Status } from '../src/status';

/** The result of a Dexie query, re-run whenever the tables it read change (in any context). */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (error: unknown) => console.warn('spanlight: query failed', error),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}

/** The background's status, live. */
export function useStatus(): Status {
  const [status, setStatus] = useState(INITIAL_STATUS);
  useEffect(() => {
    const controller = new AbortController();
    void readStatus().then(setStatus);
    watchStatus(setStatus, controller.signal);
    return () => controller.abort();
  }, []);
  return status;
}
