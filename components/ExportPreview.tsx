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
          <p data-testid="preview-summary">
            {preview.spans
              ? `The next request carries ${plural(preview.spans, 'span')} of ${preview.pending} pending, ${where}. Shown as OTLP JSON.`
              : `Nothing is pending. Spans captured from now on will be sent ${where}.`}
          </p>
          {preview.spans > 0 && preview.endpoint !== '' && <pre data-testid="preview-json">{preview.json}</pre>}
          {preview.logs && preview.spans > 0 && (
            <>
              <p data-testid="preview-logs-summary">
                {preview.logs.records
                  ? `Their events go to ${preview.logs.endpoint} as ${plural(preview.logs.records, 'log record')}:`
                  : `Their events would go to ${preview.logs.endpoint}, but these spans give none.`}
              </p>
              {preview.logs.records > 0 && <pre data-testid="preview-logs-json">{preview.logs.json}</pre>}
            </>
          )}
        </>
      )}
    </section>
  );
}
