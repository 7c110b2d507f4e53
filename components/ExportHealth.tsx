import type { Status } from '../src/status';
import { formatAgo } from './format';

/** One line on where spans go, and whether they get there. */
export function ExportHealth({ status }: { status: Status }) {
  const e = status.export;
  return (
    <section class={`export export-${e.state}`} aria-live="polite" data-testid="export-status">
      {e.state === 'off' && <p>Export off: spans are kept in this browser only. Set an endpoint to send them.</p>}
      {e.state !== 'off' && (
        <p>
          Export to <code>{e.endpoint}</code>: <strong>{e.state}</strong> · {e.pending} pending · {e.exported} sent ·
          last success {formatAgo(e.lastSuccessAt)}
        </p>
      )}
      {e.state === 'error' && e.lastError && (
        <p class="error" data-testid="export-error">
          {e.lastError}
          {e.nextAttemptAt ? ` (retry ${new Date(e.nextAttemptAt).toLocaleTimeString()})` : ''}
        </p>
      )}
      {status.dropped > 0 && <p class="muted">{status.dropped} malformed or excess events dropped</p>}
    </section>
  );
}
