/**
 * What the background reports to the UI: export health and drop counts, in storage.local under
 * `status`. Only the background writes it (updateStatus); UI pages read and watch it.
 */
import { asRecord } from './protocol/check';
import { readKey, watchKey, writeKey } from './storage-key';

export const STATUS_KEY = 'status';

export interface ExportStatus {
  /** off: no endpoint; idle: nothing to send; ok: last attempt delivered; error: last attempt failed. */
  state: 'off' | 'idle' | 'ok' | 'error';
  endpoint: string;
  pending: number;
  /** Spans delivered since the extension was installed. */
  exported: number;
  lastSuccessAt?: number;
  lastError?: string;
  lastErrorAt?: number;
  nextAttemptAt?: number;
}

export interface Status {
  export: ExportStatus;
  /** Page events, spans or batches refused as malformed, forged or over a limit. */
  dropped: number;
}

export const INITIAL_STATUS: Status = {
  export: { state: 'off', endpoint: '', pending: 0, exported: 0 },
  dropped: 0,
};

function normalizeStatus(value: unknown): Status {
  const o = asRecord(value);
  return {
    export: { ...INITIAL_STATUS.export, ...(asRecord(o?.export) as Partial<ExportStatus> | undefined) },
    dropped: typeof o?.dropped === 'number' ? o.dropped : 0,
  };
}

/** The current status. */
export function readStatus(): Promise<Status> {
  return readKey(STATUS_KEY, normalizeStatus);
}

/** Calls `listener` with each new status until `signal` aborts. */
export function watchStatus(listener: (status: Status) => void, signal: AbortSignal): void {
  watchKey(STATUS_KEY, normalizeStatus, listener, signal);
}

let writes = Promise.resolve();

/** Background only: applies `change` to the stored status; calls are applied one at a time. */
export function updateStatus(change: (status: Status) => Status): Promise<void> {
  writes = writes
    .then(async () => {
      const next = change(await readStatus());
      await writeKey(STATUS_KEY, next);
    })
    .catch((error: unknown) => console.warn('spanlight: status not saved', error));
  return writes;
}
