import { useEffect, useState } from 'preact/hooks';
import { requestExportConsent } from '../src/data-consent';
import {
  EXPORT_PROTOCOLS,
  endpointProblem,
  formatHeaderLines,
  getSettings,
  parseHeaderLines,
  saveSettings,
  type ExportProtocol,
  type Settings,
} from '../src/settings';
import { ExportHealth } from './ExportHealth';
import { useStatus } from './hooks';

type Feedback = { kind: 'saved' | 'error'; text: string } | undefined;

/** The settings page: where spans are sent. Invalid values are explained and not saved. */
export function Options() {
  const status = useStatus();
  const [settings, setSettings] = useState<Settings>();
  const [endpoint, setEndpoint] = useState('');
  const [protocol, setProtocol] = useState<ExportProtocol>('http/protobuf');
  const [headers, setHeaders] = useState('');
  const [feedback, setFeedback] = useState<Feedback>();

  useEffect(() => {
    void getSettings().then((s) => {
      setSettings(s);
      setEndpoint(s.export.endpoint);
      setProtocol(s.export.protocol);
      setHeaders(formatHeaderLines(s.export.headers));
    });
  }, []);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (!settings) return;
    const problem = endpointProblem(endpoint.trim());
    const parsed = parseHeaderLines(headers);
    if (problem || 'problem' in parsed) {
      setFeedback({ kind: 'error', text: problem ?? (parsed as { problem: string }).problem });
      return;
    }
    // Asked here, inside the submit handler: Firefox only shows its consent prompt for user input.
    const consent = endpoint.trim() ? requestExportConsent() : Promise.resolve(true);
    void consent
      .then(async (allowed) => {
        const next = { ...settings, export: { endpoint: endpoint.trim(), protocol, headers: parsed.headers } };
        await saveSettings(next);
        setSettings(next);
        setFeedback(
          allowed
            ? { kind: 'saved', text: next.export.endpoint ? 'Saved. Spans are sent to this endpoint.' : 'Saved. Export is off.' }
            : { kind: 'error', text: 'Saved, but Firefox was not allowed to send data: export stays paused.' },
        );
      })
      .catch((error: unknown) => setFeedback({ kind: 'error', text: `Not saved: ${String(error)}` }));
  };

  return (
    <main class="options">
      <h1>Spanlight settings</h1>
      <p class="muted">
        Spanlight keeps every span in this browser. Nothing leaves it until you set an OpenTelemetry collector
        endpoint here.
      </p>
      <form onSubmit={onSubmit} aria-label="Export settings">
        <label>
          <span>OTLP/HTTP traces endpoint</span>
          <input
            name="endpoint"
            type="text"
            inputMode="url"
            placeholder="http://localhost:4318/v1/traces (empty: export off)"
            value={endpoint}
            onInput={(e) => setEndpoint(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>Protocol</span>
          <select name="protocol" value={protocol} onChange={(e) => setProtocol(e.currentTarget.value as ExportProtocol)}>
            {EXPORT_PROTOCOLS.map((p) => (
              <option value={p} key={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            Extra headers, one <code>Name: value</code> per line (kept in the extension, never shown to pages)
          </span>
          <textarea name="headers" rows={3} value={headers} onInput={(e) => setHeaders(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={!settings}>
          Save
        </button>
        {feedback && (
          <p role="status" class={feedback.kind === 'error' ? 'error' : ''} data-testid="options-feedback">
            {feedback.text}
          </p>
        )}
      </form>
      <ExportHealth status={status} />
    </main>
  );
}
