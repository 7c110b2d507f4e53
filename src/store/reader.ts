/**
 * The store as the UI pages read it. They never open the database themselves: they ask for the
 * reader here, which opens it without the right to create or upgrade it (src/store/db.ts), and
 * waits while the background has yet to do either (a page opened the moment the extension was
 * installed or updated). Live results go through `watchQuery`, so no UI code holds Dexie.
 */
import Dexie, { liveQuery } from 'dexie';
import { SpanlightDB, StoreNotReady } from './db';

export type { SpanlightDB };

const FIRST_WAIT_MS = 100;
const MAX_WAIT_MS = 2_000;

const readers = new Map<string, Promise<SpanlightDB>>();

function notReady(error: unknown): boolean {
  for (let e = error as { name?: string; inner?: unknown } | undefined; e; e = e.inner as typeof e) {
    if (e instanceof StoreNotReady || e.name === 'StoreNotReady' || e.name === Dexie.errnames.NoSuchDatabase) return true;
  }
  return false;
}

async function open(name: string): Promise<SpanlightDB> {
  for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, MAX_WAIT_MS)) {
    const db = new SpanlightDB(name, { reader: true });
    try {
      await db.open();
      return db;
    } catch (error) {
      db.close();
      if (!notReady(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The page's one reader of the store, once the background has created it at this version. */
export function storeReader(name = 'spanlight'): Promise<SpanlightDB> {
  let reader = readers.get(name);
  if (!reader) {
    reader = open(name);
    readers.set(name, reader);
    // A failure other than "not ready" is not kept: the next call tries again.
    reader.catch(() => readers.delete(name));
  }
  return reader;
}

/**
 * Calls `onValue` with `query`'s result, and again whenever the tables it read change (in any
 * context), until the returned function is called.
 */
export function watchQuery<T>(
  query: (db: SpanlightDB) => Promise<T>,
  onValue: (value: T, db: SpanlightDB) => void,
  onError: (error: unknown) => void,
  name = 'spanlight',
): () => void {
  let stop = false;
  let unsubscribe = () => {};
  storeReader(name).then((db) => {
    if (stop) return;
    const subscription = liveQuery(() => query(db)).subscribe({ next: (value) => onValue(value, db), error: onError });
    unsubscribe = () => subscription.unsubscribe();
  }, onError);
  return () => {
    stop = true;
    unsubscribe();
  };
}
