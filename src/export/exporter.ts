/**
 * The export loop of one signal: sends pending spans (as traces, or as the logs of their events)
 * to the user's OTLP/HTTP collector in batches (by count and bytes) while any are pending, at the
 * user's interval. A span is marked sent only after a 2xx; a retryable failure backs off
 * (honouring Retry-After) and keeps everything pending; a refused batch is parked with the
 * collector's answer; a request that cannot be made as configured stops export, spans pending,
 * until the settings change. Spans stay stored either way. Each signal has its own loop, position
 * and health (src/export/exporters.ts), so one collector down never holds back the other. A run
 * sends on the settings it read at its start: restarted (the settings changed), it settles the
 * answers on the wire and sends nothing more, and the next run goes on with the new settings.
 */
import { hasExportConsent } from '../data-consent';
import { warnOnce } from '../log';
import { getSettings } from '../managed-settings';
import { endpointProblem, DEFAULT_SETTINGS } from '../settings';
import { statusKey, updateExportStatus, updateStatus, type ExportStatus } from '../status';
import type { SpanRecord } from '../protocol/span';
import { signalPosition, type Position, type SpanlightDB } from '../store/db';
import type { Signal } from '../signals';
import { countParked, countPending, parkedToRetry } from '../store/queries';
import { markSignalUpTo } from '../store/signal-progress';
import { parkSpans, unpark } from '../store/write-spans';
import { withSecretHeaders } from '../store/secrets';
import { endpointOf, logsEndpointProblem, sends } from '../signals';
import { encodeSignal, nextRequests, type PendingRequest } from './requests';
import { sendOtlp, type SendResult } from './transport';
import { DeliveredMarks } from './delivered-marks';
import type { BrowserInfo } from '../otlp/resource';

const MAX_BACKOFF_MS = 5 * 60_000;
/** While a long queue drains, the UI's counters are refreshed this often, not after every batch. */
const STATUS_EVERY_MS = 500;
/**
 * Requests in flight at once while a queue drains. Their answers are settled in order, so the
 * watermark only ever covers a delivered prefix; after a retryable failure the requests behind it
 * are sent again (at least once, never lost).
 */
const IN_FLIGHT = 4;

/** Delay before retry number `failures` (1, 2, …): exponential, capped, with ±20 % jitter. */
export function backoffMs(failures: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class Exporter {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private retryAt = 0;
  /** Why requests cannot be made as configured (transport's `config`); nothing is sent until restart(). */
  private blocked: string | undefined;
  private intervalMs = DEFAULT_SETTINGS.export.intervalSeconds * 1000;
  /** Bumped by restart(): a run started before it sends no more requests. */
  private generation = 0;

  constructor(
    private readonly db: SpanlightDB,
    private readonly browserInfo: BrowserInfo,
    private readonly send: typeof fetch = (...args) => fetch(...args),
    readonly signal: Signal = 'traces',
  ) {}

  /** Runs after `delayMs` (by default the send interval), or when a backoff ends if later. */
  schedule(delayMs = this.intervalMs): void {
    if (this.timer) return;
    const wait = Math.max(delayMs, this.retryAt - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, wait);
  }

  /** Cancels a scheduled run. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Runs again on the settings in force, forgetting past failures (the settings changed, or the
   * user asked). A run in progress sends nothing more from now on: it settles the answers on the
   * wire and stops. The next run starts once it has, and once `applied` (the new settings applied
   * to the store) is done; resolves when that run is.
   */
  async restart(applied?: Promise<unknown>): Promise<void> {
    this.generation++;
    if (applied) await applied.catch(() => undefined);
    while (this.running) await this.running;
    // Failures of the stopped run were under the old settings too.
    this.failures = 0;
    this.retryAt = 0;
    this.blocked = undefined;
    this.stop();
    return this.run();
  }

  /** Sends everything pending; concurrent calls share one run and trigger one more after it. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.exportAll()
      .catch((error: unknown) => this.failed(error))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        }
      });
    return this.running;
  }

  /** A run stopped by an error (the store's, say): said in the status; the spans stay pending. */
  private failed(error: unknown): Promise<void> {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    warnOnce(`export run failed: ${name}`, error);
    const lastError = `export stopped (${name}: ${message}): spans stay pending for the next run`;
    return updateExportStatus({ state: 'error', lastError, lastErrorAt: Date.now(), nextAttemptAt: undefined }, this.signal);
  }

  private async exportAll(): Promise<void> {
    const { db, signal } = this;
    // Restarted since (the settings changed): nothing more is sent on the settings read here.
    const generation = this.generation;
    const superseded = () => this.generation !== generation;
    // Header values come from the secret store, out of the content scripts' reach.
    const settings = await withSecretHeaders(db, (await getSettings()).export);
    const endpoint = endpointOf(signal, settings);
    this.intervalMs = settings.intervalSeconds * 1000;
    const status = (change: Partial<ExportStatus>) => updateExportStatus(change, signal);
    const counts = async () => ({ pending: await countPending(db, signal), parked: await countParked(db, signal) });
    if (!sends(signal, settings)) return status({ state: 'off', endpoint: '', pending: 0, parked: await countParked(db, signal), nextAttemptAt: undefined });
    const problem = endpointProblem(endpoint) ?? (signal === 'logs' ? logsEndpointProblem(settings) : undefined);
    if (!endpoint) return status({ state: 'off', endpoint, pending: 0, parked: await countParked(db, signal), nextAttemptAt: undefined });
    if (problem) return status({ state: 'error', endpoint, ...(await counts()), lastError: problem, lastErrorAt: Date.now() });
    if (Date.now() < this.retryAt) return this.schedule(0); // backing off: come back when it ends
    if (!(await hasExportConsent())) {
      const message = 'Firefox has not allowed Spanlight to send data: allow it in the options page (Save, or Allow sending)';
      await status({ state: 'error', endpoint, lastError: message, lastErrorAt: Date.now(), ...(await counts()) });
      return;
    }
    // Sending again would fail the same way: wait for the settings to change, or the user to ask.
    if (this.blocked) {
      await status({ state: 'error', endpoint, lastError: this.blocked, nextAttemptAt: undefined, ...(await counts()) });
      return;
    }
    const request = { ...settings, endpoint, signal };
    const key = statusKey(signal);

    let refused = false;
    let delivered = 0;
    let reportedAt = Date.now();
    const report = async (force: boolean) => {
      if (!delivered || (!force && Date.now() - reportedAt < STATUS_EVERY_MS)) return;
      const count = delivered;
      delivered = 0;
      reportedAt = Date.now();
      await updateStatus((s) => ({
        ...s,
        [key]: { ...s[key], state: 'ok', endpoint, exported: s[key].exported + count, lastSuccessAt: reportedAt },
      }));
    };
    /**
     * Handles one answer; false when export must stop. `parkedId` is the parked row the spans were
     * retried from: refused again, they are parked anew in the transaction that drops that row,
     * so a worker stopped between the two cannot lose them.
     */
    const settle = async (result: SendResult, spans: readonly SpanRecord[], records: number, upTo?: Position, parkedId?: number) => {
      // Never sent (the settings changed meanwhile): nothing failed, the next run sends it.
      if (result.kind === 'withdrawn') {
        await report(true);
        return false;
      }
      if (result.kind === 'delivered') {
        if (upTo) await markSignalUpTo(db, signal, upTo);
        this.failures = 0;
        delivered += records;
        if (result.partial) await status({ lastPartial: { ...result.partial, at: Date.now() } });
        await report(false);
        return true;
      }
      if (result.kind === 'refused') {
        refused = true;
        const failure = { at: Date.now(), status: result.status, message: result.message, ...(signal === 'logs' ? { signal } : {}) };
        // All join this transaction (Dexie nests a transaction whose tables are within its parent's):
        // a worker stopped in between cannot lose the spans, nor park them twice.
        await db.transaction('rw', db.parked, db.failures, db.meta, async () => {
          if (parkedId !== undefined) await unpark(db, parkedId);
          await parkSpans(db, spans, failure);
          if (upTo) await markSignalUpTo(db, signal, upTo);
        });
        await status({ state: 'error', endpoint, lastError: result.message, lastErrorAt: Date.now() });
        return true;
      }
      await report(true);
      if (result.kind === 'config') {
        this.blocked = result.message;
        await status({ state: 'error', endpoint, lastError: result.message, lastErrorAt: Date.now(), nextAttemptAt: undefined, ...(await counts()) });
        return false;
      }
      this.failures++;
      this.retryAt = Date.now() + Math.max(backoffMs(this.failures), result.retryAfterMs ?? 0);
      await status({
        state: 'error',
        endpoint,
        lastError: result.message,
        lastErrorAt: Date.now(),
        nextAttemptAt: this.retryAt,
        ...(await counts()),
      });
      this.schedule(0);
      return false;
    };

    const prepare = (after: Position) => nextRequests(db, after, settings.batchSpans * IN_FLIGHT, settings, this.browserInfo, signal);
    /** A request with nothing to send (spans that give no log record) is delivered as it is. */
    const sent = (body: Uint8Array | undefined): Promise<SendResult> =>
      body ? sendOtlp({ ...request, body, stillWanted: () => !superseded() }, this.send) : Promise.resolve({ kind: 'delivered', status: 0 });
    let next: Promise<PendingRequest[]> | undefined;
    // Delivered requests move the signal's position while the next ones are on the wire.
    const marks = new DeliveredMarks(async (upTo, records) => {
      await markSignalUpTo(db, signal, upTo);
      delivered += records;
      await report(false);
    });
    for (;;) {
      // Parked spans the user asked to send again go first, as the request they were.
      const parked = await parkedToRetry(db, signal);
      if (parked) {
        await marks.settled();
        // The same spans give the same records: one request, whatever the limits are now.
        const parts = encodeSignal(signal, parked.spans, { ...settings, batchSpans: parked.spans.length, batchKilobytes: Infinity }, this.browserInfo);
        const records = parts.reduce((n, part) => n + part.records, 0);
        if (superseded()) break;
        const result = await sent(records ? parts[0]!.body : undefined);
        // Delivered, the row is done; refused again, settle parks it anew; otherwise it stays.
        if (result.kind === 'delivered') await unpark(db, parked.id!);
        if (!(await settle(result, parked.spans, records, undefined, parked.id))) return;
        continue;
      }
      const requests = await (next ?? prepare(await signalPosition(db, signal)));
      if (!requests.length || superseded()) break;
      const answers = requests.map(({ body }) => sent(body));
      // The next round is read and encoded while this one is on the wire.
      next = prepare(requests.at(-1)!.upTo);
      // Unused when this round stops the export; otherwise its failure shows where it is awaited.
      next.catch(() => undefined);
      for (const [i, request] of requests.entries()) {
        const result = await answers[i]!;
        if (result.kind === 'delivered') {
          this.failures = 0;
          marks.add(request.upTo, request.records);
          if (result.partial) await status({ lastPartial: { ...result.partial, at: Date.now() } });
          continue;
        }
        // Any other answer is settled once the delivered ones before it are marked.
        await marks.settled();
        if (!(await settle(result, request.spans, request.records, request.upTo))) return;
      }
    }
    await marks.settled();
    await report(true);
    const { pending, parked } = await counts();
    await updateStatus((s) => ({
      ...s,
      [key]: {
        ...s[key],
        state: refused ? 'error' : s[key].state === 'ok' ? 'ok' : 'idle',
        endpoint,
        pending,
        parked,
        nextAttemptAt: undefined,
      },
    }));
  }
}
