/**
 * The IndexedDB schema (Dexie). The background is its only writer; UI pages read it through
 * src/store/queries.ts.
 */
import Dexie, { type Table } from 'dexie';
import type { SpanRecord } from '../protocol/span';

/** Where a stored span is on its way to the collector. IndexedDB cannot index booleans. */
export const ExportState = {
  /** Waiting to be sent. */
  PENDING: 0,
  /** A collector answered 2xx for it. */
  EXPORTED: 1,
  /** A collector refused its batch for good (e.g. 400, 401): kept until the user retries or discards. */
  PARKED: 2,
} as const;
export type ExportStateValue = (typeof ExportState)[keyof typeof ExportState];

/** A span as stored: the record, the tab it came from, and where it is on its way out. */
export interface StoredSpan extends SpanRecord {
  /** The browser run (src/browser-run.ts) and the tab within it; tab ids restart each run. */
  runId: string;
  tabId: number;
  exported: ExportStateValue;
}

/** A batch the collector refused, with its answer, so the user can see why. */
export interface ExportFailure {
  id?: number;
  at: number;
  status: number;
  message: string;
  spans: number;
}

export type SpanKey = [traceId: string, spanId: string];

export class SpanlightDB extends Dexie {
  spans!: Table<StoredSpan, SpanKey>;
  failures!: Table<ExportFailure, number>;

  constructor(name = 'spanlight') {
    super(name);
    this.version(1).stores({
      spans: '[traceId+spanId], traceId, [runId+tabId], [exported+start]',
    });
    this.version(2).stores({ failures: '++id, at' });
  }
}

/** The key of a stored span. */
export function spanKey(span: Pick<SpanRecord, 'traceId' | 'spanId'>): SpanKey {
  return [span.traceId, span.spanId];
}
