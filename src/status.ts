/**
 * What the background reports to the UI: export health and drop counts, in storage.local under
 * `status` (a WXT storage item). Only the background writes it (updateStatus); UI pages read and
 * watch it.
 */
import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import { asArray, asRecord } from './protocol/check';
import type { Signal } from './signals';

export const STATUS_KEY = 'status';
/**
 * The object under `status`, as stored: read through normalizeStatus (storage.local is open to
 * content scripts). Defined at first use, as the settings' item is (src/settings.ts).
 */
let statusItem: WxtStorageItem<unknown, Record<string, unknown>> | undefined;
const storedStatus = () => (statusItem ??= storage.defineItem<unknown>(`local:${STATUS_KEY}`));

/** Why spans or events were lost. */
export const DROP_REASONS = {
  invalid: 'malformed, forged or over-limit page events',
  retention: 'deleted by retention before export',
  quota: 'evicted before export when storage was full',
  discarded: 'refused by the collector and discarded',
  limit: 'over the spans-per-page-view limit',
  origin: 'evicted before export to keep a site or a tab within its storage share',
  // Not a loss: the user's own drop conditions asked for it (src/background/apply-rules.ts).
  rule: 'dropped by your rules',
  observed: 'requests seen through webRequest past the waiting cap, or not stored after retries',
} as const;
export type DropReason = keyof typeof DROP_REASONS;

export interface ExportStatus {
  /** off: no endpoint; idle: nothing to send; ok: last attempt delivered; error: last attempt failed. */
  state: 'off' | 'idle' | 'ok' | 'error';
  endpoint: string;
  /** Spans waiting to be sent. */
  pending: number;
  /** Spans parked after the collector refused them, until the user retries or discards them. */
  parked: number;
  /** Spans delivered since the extension was installed. */
  exported: number;
  lastSuccessAt?: number;
  lastError?: string;
  lastErrorAt?: number;
  nextAttemptAt?: number;
  /** The last OTLP partial_success: spans (log records) the collector accepted the request for but rejected. */
  lastPartial?: { rejected: number; message: string; at: number };
}

/** A user redaction pattern turned off for going over its time budget (src/pattern-budget.ts). */
export interface DisabledPattern {
  pattern: string;
  /** Milliseconds it took over the batch that turned it off. */
  ms: number;
  at: number;
  /** Set by the organization's policy: it fails closed (strings it checks are stored as REDACTED whole). */
  enforced?: true;
}

/** Where a span rule is: its list and its index there (policy's first, src/managed-settings.ts). */
export interface RuleRef {
  list: 'drop' | 'transform';
  index: number;
  /** The statement's first characters, to recognise it by. */
  statement: string;
}

/** How the span rules fare in this run of the background (src/background/apply-rules.ts). */
export interface RulesStatus {
  /** Statements that do not compile, left out (the first few), with where in them (1-based). */
  problems: (RuleRef & { line: number; column: number; message: string })[];
  /** Times a statement failed on a span since the rules last changed: skipped for that span. */
  errors: number;
  /** The first of those failures. */
  firstError?: RuleRef & { message: string; at: number };
  /** The rules switched off, until they change or the background restarts: what they took, when, why. */
  off?: { ms: number; at: number; reason: string };
}

/** The network observer's state (src/background/network/record-network.ts). */
export interface NetworkStatus {
  /** Requests the browser saw waiting to be told from the page's own (their grace not over). */
  waiting: number;
  /** Requests that found no page view to belong to, in this run of the background. */
  unplaced: number;
}

export interface Status {
  /** The traces signal's health. */
  export: ExportStatus;
  /** The logs signal's (src/signals.ts): `pending` and `parked` count spans whose events wait, `exported` log records. */
  logs: ExportStatus;
  dropped: Record<DropReason, number>;
  /** Spans left out on purpose by the sampling settings (not a loss, so not in `dropped`). */
  sampledOut: number;
  network: NetworkStatus;
  /** Redaction patterns turned off in this run of the background. */
  disabledPatterns: DisabledPattern[];
  rules: RulesStatus;
}

export const INITIAL_STATUS: Status = {
  export: { state: 'off', endpoint: '', pending: 0, parked: 0, exported: 0 },
  logs: { state: 'off', endpoint: '', pending: 0, parked: 0, exported: 0 },
  dropped: { invalid: 0, retention: 0, quota: 0, discarded: 0, limit: 0, origin: 0, rule: 0, observed: 0 },
  sampledOut: 0,
  network: { waiting: 0, unplaced: 0 },
  disabledPatterns: [],
  rules: { problems: [], errors: 0 },
};

/** A signal's health as stored; a partial success saved before it was `rejected` had `rejectedSpans`. */
function exportStatusOf(value: unknown, initial: ExportStatus): ExportStatus {
  const stored = { ...initial, ...(asRecord(value) as Partial<ExportStatus> | undefined) };
  const partial = asRecord(stored.lastPartial) as (Partial<ExportStatus['lastPartial']> & { rejectedSpans?: unknown }) | undefined;
  if (partial && typeof partial.rejected !== 'number') {
    const rejected = typeof partial.rejectedSpans === 'number' ? partial.rejectedSpans : 0;
    stored.lastPartial = { rejected, message: String(partial.message ?? ''), at: Number(partial.at ?? 0) };
  }
  return stored;
}

/** The rules' status from a stored value: what is malformed is left out. */
function normalizeRulesStatus(value: unknown): RulesStatus {
  const o = asRecord(value);
  const isRef = (r: Record<string, unknown> | undefined) =>
    !!r && (r.list === 'drop' || r.list === 'transform') && typeof r.index === 'number' && typeof r.statement === 'string' && typeof r.message === 'string';
  const problems = (asArray(o?.problems, 20) ?? []).filter((p): p is RulesStatus['problems'][number] => {
    const r = asRecord(p);
    return isRef(r) && typeof r!.line === 'number' && typeof r!.column === 'number';
  });
  const first = asRecord(o?.firstError);
  const off = asRecord(o?.off);
  return {
    problems,
    errors: typeof o?.errors === 'number' ? o.errors : 0,
    ...(isRef(first) && typeof first!.at === 'number' ? { firstError: first as unknown as RulesStatus['firstError'] } : {}),
    ...(off && typeof off.ms === 'number' && typeof off.at === 'number' && typeof off.reason === 'string' ? { off: off as RulesStatus['off'] } : {}),
  };
}

function normalizeStatus(value: unknown): Status {
  const o = asRecord(value);
  const dropped = asRecord(o?.dropped) ?? {};
  return {
    export: exportStatusOf(o?.export, INITIAL_STATUS.export),
    logs: exportStatusOf(o?.logs, INITIAL_STATUS.logs),
    dropped: Object.fromEntries(
      Object.keys(DROP_REASONS).map((reason) => [reason, typeof dropped[reason] === 'number' ? dropped[reason] : 0]),
    ) as Status['dropped'],
    sampledOut: typeof o?.sampledOut === 'number' ? o.sampledOut : 0,
    network: {
      waiting: typeof asRecord(o?.network)?.waiting === 'number' ? (asRecord(o?.network)!.waiting as number) : 0,
      unplaced: typeof asRecord(o?.network)?.unplaced === 'number' ? (asRecord(o?.network)!.unplaced as number) : 0,
    },
    disabledPatterns: (asArray(o?.disabledPatterns, 20) ?? []).filter(
      (p): p is DisabledPattern => typeof asRecord(p)?.pattern === 'string' && typeof asRecord(p)?.ms === 'number' && typeof asRecord(p)?.at === 'number',
    ),
    rules: normalizeRulesStatus(o?.rules),
  };
}

/** All drops, whatever the reason. */
export function totalDropped(status: Status): number {
  return Object.values(status.dropped).reduce((a, b) => a + b, 0);
}

/** The drops that are losses: all but those the user's own rules asked for. */
export function totalLost(status: Status): number {
  return totalDropped(status) - status.dropped.rule;
}

/** The current status. */
export async function readStatus(): Promise<Status> {
  return normalizeStatus(await storedStatus().getValue());
}

/** Calls `listener` with each new status until `signal` aborts. */
export function watchStatus(listener: (status: Status) => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  signal.addEventListener('abort', storedStatus().watch((stored) => listener(normalizeStatus(stored))), { once: true });
}

let writes = Promise.resolve();

/** Background only: applies `change` to the stored status; calls are applied one at a time. */
export function updateStatus(change: (status: Status) => Status): Promise<void> {
  writes = writes
    .then(async () => {
      const next = change(await readStatus());
      await storedStatus().setValue(next);
    })
    .catch((error: unknown) => console.warn('spanlight: status not saved', error));
  return writes;
}

/** Where a signal's health is in the status. */
export const statusKey = (signal: Signal) => (signal === 'traces' ? 'export' : 'logs');

/** Background only: updates the export part of the status (of the logs signal's, for `logs`). */
export function updateExportStatus(change: Partial<ExportStatus>, signal: Signal = 'traces'): Promise<void> {
  const key = statusKey(signal);
  return updateStatus((s) => ({ ...s, [key]: { ...s[key], ...change } }));
}

/** Background only: counts lost spans or events. */
export function countDropped(reason: DropReason, count: number): Promise<void> {
  if (count <= 0) return Promise.resolve();
  return updateStatus((s) => ({ ...s, dropped: { ...s.dropped, [reason]: s.dropped[reason] + count } }));
}

/** Background only: counts spans the sampling settings left out. */
export function countSampledOut(count: number): Promise<void> {
  if (count <= 0) return Promise.resolve();
  return updateStatus((s) => ({ ...s, sampledOut: s.sampledOut + count }));
}
