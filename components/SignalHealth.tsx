import type { Signal } from '../src/signals';
import type { ExportStatus } from '../src/status';
import { formatAgo, plural } from './format';

/** How each signal's lines read, and the test ids they carry (traces keep the ones they had before there were logs). */
const WORDS = {
  traces: { title: 'Export', pending: 'pending', sent: 'sent', record: 'span', id: 'export' },
  logs: { title: 'Logs (browser events)', pending: 'spans whose events are pending', sent: 'log records sent', record: 'log record', id: 'logs' },
} as const;

/** One signal's health: where it goes, whether it gets there, and the actions that fix what went wrong. Nothing for a signal that is off. */
export function SignalHealth(props: {
  signal: Signal;
  health: ExportStatus;
  busy: boolean;
  onSendNow: () => void;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const { health: e, busy } = props;
  const words = WORDS[props.signal];
  if (e.state === 'off') return <Parked {...props} />;
  return (
    <>
      <p data-testid={props.signal === 'logs' ? 'logs-status' : undefined}>
        {words.title} to <code>{e.endpoint}</code>: <strong>{e.state}</strong> · {e.pending} {words.pending} · {e.exported} {words.sent} ·
        last success {formatAgo(e.lastSuccessAt)}
        {e.pending > 0 && (
          <button type="button" class="link" disabled={busy} onClick={props.onSendNow}>
            Send now
          </button>
        )}
      </p>
      {e.state === 'error' && e.lastError && (
        <p class="error" data-testid={`${words.id}-error`}>
          {e.lastError}
          {e.nextAttemptAt ? ` (retry ${new Date(e.nextAttemptAt).toLocaleTimeString()})` : ''}
        </p>
      )}
      <Parked {...props} />
      {e.lastPartial && (
        <p class="muted" data-testid={`${words.id}-partial`}>
          The collector rejected {plural(e.lastPartial.rejected, words.record)} of a request {formatAgo(e.lastPartial.at)}
          {e.lastPartial.message ? `: ${e.lastPartial.message}` : '.'}
        </p>
      )}
    </>
  );
}

/** Spans of a signal the collector refused, with Retry and Discard (which act on both signals' parked spans). */
function Parked(props: { signal: Signal; health: ExportStatus; busy: boolean; onRetry: () => void; onDiscard: () => void }) {
  const { health: e, busy } = props;
  if (e.parked <= 0) return null;
  const id = WORDS[props.signal].id;
  return (
    <p class="error" data-testid={`${id}-parked`}>
      {plural(e.parked, 'span')} refused by the {props.signal === 'logs' ? 'logs ' : ''}collector.{' '}
      <button type="button" data-testid={props.signal === 'logs' ? 'logs-retry-parked' : 'retry-parked'} disabled={busy} onClick={props.onRetry}>
        Retry
      </button>{' '}
      <button type="button" data-testid={props.signal === 'logs' ? 'logs-discard-parked' : 'discard-parked'} disabled={busy} onClick={props.onDiscard}>
        Discard
      </button>
    </p>
  );
}
