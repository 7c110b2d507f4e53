import { useEffect, useState } from 'preact/hooks';
import { redactor, type RedactionRules } from '../src/redaction';
import { Tracer } from '../src/tracer/tracer';

const SAMPLE = 'https://user:pw@shop.example/account?email=ann@example.com&token=abc123&card=4111 1111 1111 1111#state=xyz';

/**
 * What a URL or a text becomes under `rules` (the form's, not yet saved): the core's own URL
 * redaction, then the patterns, in the order a captured URL meets them.
 */
export function RedactionPreview({ rules }: { rules: RedactionRules }) {
  const [tracer, setTracer] = useState<Tracer>();
  const [input, setInput] = useState(SAMPLE);
  useEffect(() => void Tracer.load('background').then(setTracer), []);
  const url = tracer ? tracer.writer.redactUrl(input) : input;
  const output = tracer ? (redactor(rules)?.(url) ?? url) : '…';
  return (
    <div class="preview">
      <label>
        <span>Try a URL or a message</span>
        <input name="redaction-sample" value={input} onInput={(e) => setInput(e.currentTarget.value)} />
      </label>
      <p>
        Stored as: <output data-testid="redaction-preview">{output}</output>
      </p>
    </div>
  );
}
