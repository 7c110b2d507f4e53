/**
 * The export loop: sends pending spans to the user's OTLP/HTTP collector in batches, marks them
 * exported on a 2xx, and backs off on failure. Spans stay stored either way; one run at a time.
 */
import { getSettings, endpointProblem } from '../settings';
import { hasExportConsent } from '../data-consent';
import { warnOnce } from '../log';
import { updateStatus } from '../status';
import { spanKey, type SpanlightDB } from '../store/db';
import { countPending, pendingSpans } from '../store/queries';
import { markExported } from '../store/write-spans';
import { CONTENT_TYPES, encodeSpans } from './encode';
import type { BrowserInfo } from './resource';

const BATCH_SPANS = 512;
const REQUEST_TIMEOUT_MS = 30_000;
const DEBOUNCE_MS = 1_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** A collector answer or transport failure, with the message shown to the user. */
export class ExportError extends Error {
  override name = 'ExportError';
}

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

  constructor(
    private readonly db: SpanlightDB,
    private readonly browserInfo: BrowserInfo,
    private readonly send: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** Runs soon, batching bursts of new spans, unless a retry is already due later. */
  schedule(delayMs = DEBOUNCE_MS): void {
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

  /** Forgets past failures (the settings changed) and runs now. */
  restart(): Promise<void> {
    this.failures = 0;
    this.retryAt = 0;
    return this.run();
  }

  /** Sends everything pending; concurrent calls share one run and trigger one more after it. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.exportAll()
      .catch((error: unknown) => warnOnce(`export run failed: ${(error as Error)?.name}`, error))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        }
      });
    return this.running;
  }

  private async exportAll(): Promise<void> {
    const { endpoint, protocol, headers } = (await getSettings()).export;
    const problem = endpointProblem(endpoint);
    if (!endpoint || problem) {
      const pending = await countPending(this.db);
      const state = problem ? 'error' : 'off';
      await updateStatus((s) => ({
        ...s,
        export: { ...s.export, state, endpoint, pending, ...(problem ? { lastError: problem, lastErrorAt: Date.now() } : {}) },
      }));
      return;
    }
    if (Date.now() < this.retryAt) return this.schedule(0); // backing off: come back when it ends
    if (!(await hasExportConsent())) {
      const message = 'Firefox has not allowed Spanlight to send data: open the options and save to allow it';
      await updateStatus((s) => ({ ...s, export: { ...s.export, state: 'error', endpoint, lastError: message, lastErrorAt: Date.now() } }));
      return;
    }
    try {
      for (;;) {
        const batch = await pendingSpans(this.db, BATCH_SPANS);
        if (!batch.length) break;
        const body = encodeSpans(batch, protocol, this.browserInfo);
        await this.post(endpoint, body, { ...headers, 'Content-Type': CONTENT_TYPES[protocol] });
        await markExported(this.db, batch.map(spanKey));
        this.failures = 0;
        await updateStatus((s) => ({
          ...s,
          export: { ...s.export, state: 'ok', endpoint, exported: s.export.exported + batch.length, lastSuccessAt: Date.now() },
        }));
      }
      const pending = await countPending(this.db);
      await updateStatus((s) => ({
        ...s,
        export: { ...s.export, state: s.export.state === 'error' ? 'idle' : s.export.state, endpoint, pending, nextAttemptAt: undefined },
      }));
    } catch (error) {
      this.failures++;
      this.retryAt = Date.now() + backoffMs(this.failures);
      const message = error instanceof ExportError ? error.message : `export failed: ${String(error)}`;
      const pending = await countPending(this.db);
      await updateStatus((s) => ({
        ...s,
        export: { ...s.export, state: 'error', endpoint, pending, lastError: message, lastErrorAt: Date.now(), nextAttemptAt: this.retryAt },
      }));
      this.schedule(0);
    }
  }

  private async post(endpoint: string, body: Uint8Array, headers: Record<string, string>): Promise<void> {
    let response: Response;
    try {
      response = await this.send(endpoint, {
        method: 'POST',
        headers,
        body: body as BodyInit,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const reason = (error as Error)?.name === 'TimeoutError' ? 'timed out' : 'unreachable';
      throw new ExportError(`collector ${reason} at ${endpoint}: ${(error as Error)?.message ?? error}`);
    }
    if (response.ok) return;
    const text = (await response.text().catch(() => '')).slice(0, 300);
    throw new ExportError(`collector answered HTTP ${response.status}${text ? `: ${text}` : ''}`);
  }
}
