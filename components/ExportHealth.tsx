import { useEffect, useState } from 'preact/hooks';
import { askBackground, type UiRequestType } from '../src/protocol/ui';
import { DROP_REASONS, totalLost, type DropReason, type Status } from '../src/status';
import { formatBytes, formatAgo, plural } from './format';
import { RulesHealth } from './RulesHealth';
import { SignalHealth } from './SignalHealth';

/** Bytes this extension stores, from the browser's estimate; refreshed when `key` changes. */
function useStorageUse(key: unknown): number | undefined {
  const [used, setUsed] = useState<number>();
  useEffect(() => {
    void navigator.storage?.estimate?.().then((e) => setUsed(e.usage)).catch(() => undefined);
  }, [key]);
  return used;
}

/** Where spans go and whether they get there, with the actions that fix what went wrong. */
export function ExportHealth({ status }: { status: Status }) {
  const e = status.export;
  const dropped = totalLost(status);
  const used = useStorageUse(`${e.pending}:${e.exported}:${e.parked}`);
  const [busy, setBusy] = useState<UiRequestType>();
  const [note, setNote] = useState<string>();

  const act = (type: UiRequestType, done: (answer: unknown) => string) => {
    setBusy(type);
    askBackground(type)
      .then((answer) => setNote(done(answer)))
      .catch((error: unknown) => setNote(`Failed: ${(error as Error).message}`))
      .finally(() => setBusy(undefined));
  };

  const logs = status.logs;
  const retry = () => act('retry-parked', (a) => `Queued ${plural((a as { retried: number }).retried, 'span')} again.`);
  const discard = () => act('discard-parked', (a) => `Discarded ${plural((a as { discarded: number }).discarded, 'span')}.`);
  const sendNow = () => act('export-now', () => 'Sending now.');

  return (
    <section class={`export export-${e.state}`} aria-live="polite" data-testid="export-status">
      {e.state === 'off' && logs.state === 'off' && <p>Export off: spans are kept in this browser only. Set an endpoint to send them.</p>}
      <SignalHealth signal="traces" health={e} busy={!!busy} onSendNow={sendNow} onRetry={retry} onDiscard={discard} />
      <SignalHealth signal="logs" health={logs} busy={!!busy} onSendNow={sendNow} onRetry={retry} onDiscard={discard} />
      {dropped > 0 && (
        <p class="muted" data-testid="dropped">
          Dropped:{' '}
          {(Object.keys(DROP_REASONS) as DropReason[])
            .filter((r) => r !== 'rule' && status.dropped[r] > 0)
            .map((r) => `${status.dropped[r]} ${DROP_REASONS[r]}`)
            .join(' · ')}
        </p>
      )}
      {status.disabledPatterns.some((p) => !p.enforced) && (
        <p class="error" data-testid="redaction-off">
          Turned off for taking too long on one batch: redaction{' '}
          {status.disabledPatterns
            .filter((p) => !p.enforced)
            .map((p) => `"${p.pattern}" (${p.ms} ms, ${formatAgo(p.at)})`)
            .join(', ')}
          . Spans are stored without it until the pattern is changed or the extension restarts; a simpler pattern avoids this.
        </p>
      )}
      {status.disabledPatterns.some((p) => p.enforced) && (
        <p class="error" data-testid="redaction-closed">
          Over its time budget on one batch: your organization's redaction{' '}
          {status.disabledPatterns
            .filter((p) => p.enforced)
            .map((p) => `"${p.pattern}" (${p.ms} ms, ${formatAgo(p.at)})`)
            .join(', ')}
          . Every string it checks is stored as REDACTED until the extension restarts.
        </p>
      )}
      <RulesHealth status={status} />
      {status.sampledOut > 0 && (
        <p class="muted" data-testid="sampled-out">
          Left out by sampling: {plural(status.sampledOut, 'span')}
        </p>
      )}
      {used !== undefined && <p class="muted">Storage used: {formatBytes(used)}</p>}
      {note && <p role="status">{note}</p>}
    </section>
  );
}
