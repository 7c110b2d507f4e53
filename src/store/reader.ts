/**
 * The store as the UI pages read it. They never open the database themselves: they ask for the
 * reader here, which opens it without the right to create or upgrade it (src/store/db.ts), and
 * waits while the background has yet to do either (a page opened the moment the extension was
 * installed or updated). Live results go through `watchQuery`, so no UI code holds Dexie.
 */
import { liveQuery } from 'dexie';
import { warnOnce } from '../log';
import { SpanlightDB } from './db';

export type { SpanlightDB };

const FIRST_WAIT_MS = 100;
const MAX_WAIT_MS = 2_000;

const readers = new Map<string, Promise<SpanlightDB>>();

/**
 * `factory`, except that an open which would create or upgrade the database (an `upgradeneeded`:
 * a new database, a new version, or Dexie patching a schema it finds short of an index) is
 * aborted before Dexie sees it, and `refused()` says so. Only the background changes the schema.
 */
function withoutUpgrades(factory: IDBFactory): { indexedDB: IDBFactory; refused(): boolean } {
  let refused = false;
  const open = (name: string, version?: number) => {
    const request = version === undefined ? factory.open(name) : factory.open(name, version);
    request.addEventListener('upgradeneeded', (event) => {
      event.stopImmediatePropagation();
      refused = true;
      request.transaction?.abort();
    });
    return request;
  };
  const indexedDB = new Proxy(factory, {
    get: (target, key) => {
      if (key === 'open') return open;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { indexedDB, refused: () => refused };
}

async function open(name: string): Promise<SpanlightDB> {
  for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, MAX_WAIT_MS)) {
    const guard = withoutUpgrades(globalThis.indexedDB);
    const db = new SpanlightDB(name, { indexedDB: guard.indexedDB });
    try {
      await db.open();
      return db;
    } catch (error) {
      db.close();
      if (!guard.refused()) throw error;
      warnOnce('waiting for the background to create or upgrade the store');
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
