/** *Copy as cURL* and *Copy as fetch* for a request or resource span: its method and URL only (no headers or bodies are captured). */
import { useState } from 'preact/hooks';
import type { SpanRecord } from '../../src/protocol/span';
import { curlCommand, fetchCall, requestOf } from '../../src/viewer/copy-request';

export function CopyRequest({ span }: { span: SpanRecord }) {
  const [copied, setCopied] = useState<string>();
  const request = requestOf(span.name, span.attributes);
  if (!request) return null;
  const copy = (what: string, text: string) =>
    void navigator.clipboard.writeText(text).then(
      () => setCopied(what),
      () => setCopied(`${what}: copy failed`),
    );
  return (
    <p class="copy-request" data-testid="copy-request">
      <button type="button" class="link" onClick={() => copy('cURL', curlCommand(request))}>
        Copy as cURL
      </button>
      <button type="button" class="link" onClick={() => copy('fetch', fetchCall(request))}>
        Copy as fetch
      </button>
      <span class="muted" aria-live="polite">
        {copied ? ` ${copied.includes('failed') ? copied : `copied as ${copied}`}` : ' method and URL only'}
      </span>
    </p>
  );
}
