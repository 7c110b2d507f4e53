/**
 * The IndexedDB schema (Dexie). The background is its only writer; UI pages read it through
 * src/store/queries.ts.
 */
import Dexie, { type Table } from 'dexie';
import type { SpanRecord } from '../protocol/span';

/** A span as stored: the record, the tab it came from, and whether the collector has it. */
export interface StoredSpan extends SpanRecord {
  /** The browser run (src/browser-run.ts) and the tab within it; tab ids restart each run. */
  runId: string;
  tabId: number;
  /** 1 once a collector answered 2xx for it; IndexedDB cannot index booleans. */
  exported: 0 | 1;
}

export type SpanKey = [traceId: string, spanId: string];

export class SpanlightDB extends Dexie {
  spans!: Table<StoredSpan, SpanKey>;

  constructor(name = 'spanlight') {
    super(name);
    this.version(1).stores({
      spans: '[traceId+spanId], traceId, [runId+tabId], [exported+start]',
    });
  }
}

/** The key of a stored span. */
export function spanKey(span: Pick<SpanRecord, 'traceId' | 'spanId'>): SpanKey {
  return [span.traceId, span.spanId];
}
