import { useState } from 'preact/hooks';
import { askBackground, type UiResponse } from '../src/protocol/ui';
import { plural } from './format';

/** "What will be sent": the next export request, as OTLP JSON, read from the store on demand. */
export function ExportPreview() {
  const [preview, setPreview] = useState<UiResponse<'preview-export'>>();
  const [error, setError] = useState<string>();
  const load = () =>
    askBackground('preview-export')
      .then((answer) => [setPreview(answer), setError(undefined)])
      .catch((e: unknown) => setError((e as Error).message));
  const where = preview?.endpoint
    ? `to ${preview.endpoint} as ${preview.protocol}${preview.headerNames.length ? `, with the headers ${preview.headerNames.join(', ')}` : ''}`
    : 'once you set an endpoint (export is off: nothing leaves this browser)';
  return (
    <section class="export-preview">
      <h2>What will be sent</h2>
      <button type="button" onClick={() => void load()} data-testid="preview-export">
        {preview ? 'Refresh' : 'Show the next request'}
      </button>
      {error && <p class="error">{error}</p>}
      {preview && (
        <>
          {(preview.endpoint !== '' || !preview.logs) && (
            <p data-testid="preview-summary">
              {preview.spans
                ? `The next request carries ${plural(preview.spans, 'span')} of ${preview.pending} pending, ${where}. Shown as OTLP JSON.`
                : `Nothing is pending. Spans captured from now on will be sent ${where}.`}
            </p>
          )}
          {preview.spans > 0 && <pre data-testid="preview-json">{preview.json}</pre>}
          {preview.logs && (
            <>
              <p data-testid="preview-logs-summary">
                {preview.logs.records
                  ? `The next logs request carries ${plural(preview.logs.records, 'log record')}, to ${preview.logs.endpoint}. Shown as OTLP JSON.`
                  : `No event is pending. The events of spans captured from now on will be sent to ${preview.logs.endpoint || 'the logs endpoint, once set'}.`}
              </p>
              {preview.logs.records > 0 && <pre data-testid="preview-logs-json">{preview.logs.json}</pre>}
            </>
          )}
        </>
      )}
    </section>
  );
}
