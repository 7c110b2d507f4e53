import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { originPatternProblem } from '../src/propagation';
import { requestExportConsent } from '../src/data-consent';
import { askBackground } from '../src/protocol/ui';
import { siteOf, siteProblem } from '../src/sites';
import { MAX_PATTERNS, patternProblem } from '../src/redaction';
import { RedactionPreview } from './RedactionPreview';
import {
  COMPRESSIONS,
  EXPORT_PROTOCOLS,
  NUMBER_SETTINGS,
  endpointProblem,
  formatHeaderLines,
  getSettings,
  SAVED_HEADER,
  numberProblem,
  parseHeaderLines,
  saveSettings,
  type Compression,
  type ExportProtocol,
  type NumberSetting,
  type Settings,
} from '../src/settings';
import { ExportHealth } from './ExportHealth';
import { ExportPreview } from './ExportPreview';
import { useStatus } from './hooks';

type Feedback = { kind: 'ok' | 'error'; text: string } | undefined;

/** A labelled select of fixed options. */
function Choice<T extends string>(props: { label: string; name: string; options: readonly T[]; value: T; onChange: (value: T) => void }) {
  return (
    <label>
      <span>{props.label}</span>
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
        {props.options.map((option) => (
          <option value={option} key={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A checkbox with its label. */
function Check(props: { name: string; checked: boolean; onChange: (checked: boolean) => void; children: ComponentChildren }) {
  return (
    <label class="check">
      <input type="checkbox" name={props.name} checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <span>{props.children}</span>
    </label>
  );
}

/** The form's fields, as typed; numbers stay text until they are checked. */
interface Draft {
  endpoint: string;
  protocol: ExportProtocol;
  compression: Compression;
  headers: string;
  numbers: Record<NumberSetting, string>;
  sameOrigin: boolean;
  consoleErrors: boolean;
  /** Origin patterns, one per line. */
  origins: string;
  /** Sites where nothing is captured, one per line. */
  offSites: string;
  emails: boolean;
  digits: boolean;
  /** Redaction patterns, one per line. */
  patterns: string;
  /** Turning export on: also send the spans stored while it was off (else from now on). */
  sendStored: boolean;
}

function toDraft(s: Settings): Draft {
  const numbers = {} as Record<NumberSetting, string>;
  for (const name of Object.keys(NUMBER_SETTINGS) as NumberSetting[]) {
    const [group, key] = name.split('.') as ['export' | 'retention' | 'session' | 'sampling' | 'limits', string];
    numbers[name] = String((s[group] as unknown as Record<string, number>)[key]);
  }
  return {
    endpoint: s.export.endpoint,
    protocol: s.export.protocol,
    compression: s.export.compression,
    headers: formatHeaderLines(s.export.headers),
    numbers,
    sameOrigin: s.propagation.sameOrigin,
    consoleErrors: s.capture.consoleErrors,
    origins: s.propagation.origins.join('\n'),
    offSites: s.capture.offSites.join('\n'),
    emails: s.redaction.emails,
    digits: s.redaction.digits,
    patterns: s.redaction.patterns.join('\n'),
    sendStored: false,
  };
}

/** Whether saving `draft` turns export on: an endpoint where `base` has none. */
const turnsExportOn = (base: Settings, draft: Draft) => !base.export.endpoint && draft.endpoint.trim() !== '';

/** The non-blank lines of a text area, trimmed. */
function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

/** The settings of `draft` over `base`, or every problem with it. */
function fromDraft(base: Settings, draft: Draft): { settings: Settings } | { problems: string[] } {
  const problems: string[] = [];
  const endpoint = draft.endpoint.trim();
  const endpointIssue = endpointProblem(endpoint);
  if (endpointIssue) problems.push(endpointIssue);
  const headers = parseHeaderLines(draft.headers);
  if ('problem' in headers) problems.push(headers.problem);
  const numbers = {} as Record<NumberSetting, number>;
  for (const name of Object.keys(NUMBER_SETTINGS) as NumberSetting[]) {
    const text = draft.numbers[name].trim();
    const value = text === '' ? NaN : Number(text);
    const issue = numberProblem(name, value);
    if (issue) problems.push(issue);
    numbers[name] = value;
  }
  const origins = lines(draft.origins);
  for (const origin of origins) {
    const issue = originPatternProblem(origin);
    if (issue) problems.push(issue);
  }
  const offSites = lines(draft.offSites);
  for (const site of offSites) {
    const issue = siteProblem(site);
    if (issue) problems.push(issue);
  }
  const patterns = lines(draft.patterns);
  if (patterns.length > MAX_PATTERNS) problems.push(`at most ${MAX_PATTERNS} redaction patterns`);
  for (const pattern of patterns) {
    const issue = patternProblem(pattern);
    if (issue) problems.push(issue);
  }
  if (problems.length || 'problem' in headers) return { problems };
  return {
    settings: {
      ...base,
      export: {
        endpoint,
        protocol: draft.protocol,
        compression: draft.compression,
        headers: headers.headers,
        batchSpans: numbers['export.batchSpans'],
        batchKilobytes: numbers['export.batchKilobytes'],
        intervalSeconds: numbers['export.intervalSeconds'],
        sendStoredOnStart: turnsExportOn(base, draft) && draft.sendStored,
      },
      retention: {
        maxAgeDays: numbers['retention.maxAgeDays'],
        maxSpans: numbers['retention.maxSpans'],
        maxMegabytes: numbers['retention.maxMegabytes'],
      },
      propagation: { sameOrigin: draft.sameOrigin, origins: origins.map((o) => o.toLowerCase()) },
      session: { timeoutMinutes: numbers['session.timeoutMinutes'] },
      sampling: { percent: numbers['sampling.percent'], slowMs: numbers['sampling.slowMs'] },
      limits: {
        attributes: numbers['limits.attributes'],
        valueLength: numbers['limits.valueLength'],
        spansPerPageView: numbers['limits.spansPerPageView'],
        originMegabytes: numbers['limits.originMegabytes'],
        tabMegabytes: numbers['limits.tabMegabytes'],
      },
      redaction: { emails: draft.emails, digits: draft.digits, patterns },
      capture: { consoleErrors: draft.consoleErrors, offSites: [...new Set(offSites.map((site) => siteOf(site)!))] },
    },
  };
}

/** What saving says: where spans go now. */
function savedText(next: Settings): string {
  if (!next.export.endpoint) return 'Saved. Export is off.';
  return next.export.sendStoredOnStart ? 'Saved. Spans are sent to this endpoint, the ones stored before too.' : 'Saved. Spans are sent to this endpoint.';
}

/** The settings page: where spans go and how long they stay. Invalid values are explained and not saved. */
export function Options() {
  const status = useStatus();
  const [base, setBase] = useState<Settings>();
  const [draft, setDraft] = useState<Draft>();
  const [feedback, setFeedback] = useState<Feedback>();
  const [testing, setTesting] = useState(false);
  /** Stored spans never sent, asked for when the form would turn export on. */
  const [unsent, setUnsent] = useState<number>();
  const turningOn = !!base && !!draft && turnsExportOn(base, draft);

  useEffect(() => {
    void getSettings().then((s) => {
      setBase(s);
      setDraft(toDraft(s));
    });
  }, []);
  useEffect(() => {
    if (!turningOn) return;
    askBackground('stored-unsent')
      .then(({ stored }) => setUnsent(stored))
      .catch(() => setUnsent(undefined));
  }, [turningOn]);
  if (!base || !draft) return <main class="options">Loading…</main>;

  const edit = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const editNumber = (name: NumberSetting, value: string) => setDraft({ ...draft, numbers: { ...draft.numbers, [name]: value } });

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const result = fromDraft(base, draft);
    if ('problems' in result) return setFeedback({ kind: 'error', text: result.problems.join('; ') });
    const next = result.settings;
    // Asked here, inside the submit handler: Firefox only shows its consent prompt for user input.
    const consent = next.export.endpoint ? requestExportConsent() : Promise.resolve(true);
    void consent
      .then(async (allowed) => {
        await saveSettings(next);
        setBase(next);
        setFeedback(
          allowed
            ? { kind: 'ok', text: savedText(next) }
            : { kind: 'error', text: 'Saved, but Firefox was not allowed to send data: export stays paused.' },
        );
      })
      .catch((error: unknown) => setFeedback({ kind: 'error', text: `Not saved: ${String(error)}` }));
  };

  const onTest = () => {
    const result = fromDraft(base, draft);
    if ('problems' in result) return setFeedback({ kind: 'error', text: result.problems.join('; ') });
    setTesting(true);
    askBackground('test-connection', { export: result.settings.export })
      .then((answer) => setFeedback({ kind: answer.ok ? 'ok' : 'error', text: `Test: ${answer.message}` }))
      .catch((error: unknown) => setFeedback({ kind: 'error', text: `Test failed: ${(error as Error).message}` }))
      .finally(() => setTesting(false));
  };

  const numberField = (name: NumberSetting) => (
    <label key={name}>
      <span>{NUMBER_SETTINGS[name].label}</span>
      <input
        name={name}
        type="number"
        min={NUMBER_SETTINGS[name].min}
        max={NUMBER_SETTINGS[name].max}
        value={draft.numbers[name]}
        onInput={(e) => editNumber(name, e.currentTarget.value)}
      />
    </label>
  );

  return (
    <main class="options">
      <h1>Spanlight settings</h1>
      <p class="muted">
        Spanlight keeps every span in this browser. Nothing leaves it until you set an OpenTelemetry collector endpoint here.
      </p>
      <form onSubmit={onSubmit} aria-label="Settings" noValidate>
        <fieldset>
          <legend>Export</legend>
          <label>
            <span>OTLP/HTTP traces endpoint</span>
            <input
              name="endpoint"
              type="text"
              inputMode="url"
              placeholder="http://localhost:4318/v1/traces (empty: export off)"
              value={draft.endpoint}
              onInput={(e) => edit({ endpoint: e.currentTarget.value })}
            />
          </label>
          <div class="row">
            <Choice label="Protocol" name="protocol" options={EXPORT_PROTOCOLS} value={draft.protocol} onChange={(protocol) => edit({ protocol })} />
            <Choice
              label="Compression"
              name="compression"
              options={COMPRESSIONS}
              value={draft.compression}
              onChange={(compression) => edit({ compression })}
            />
          </div>
          {turningOn && (
            <div class="row" role="radiogroup" aria-label="Spans to send" data-testid="send-stored">
              <label class="check">
                <input type="radio" name="sendStored" value="new" checked={!draft.sendStored} onChange={() => edit({ sendStored: false })} />
                <span>Send spans captured from now on</span>
              </label>
              <label class="check">
                <input type="radio" name="sendStored" value="stored" checked={draft.sendStored} onChange={() => edit({ sendStored: true })} />
                <span>Also send the {unsent === undefined ? '' : `${unsent} `}spans stored now</span>
              </label>
            </div>
          )}
          <label>
            <span>
              Extra headers, one <code>Name: value</code> per line. Values are kept in the extension's own database, out of
              reach of pages and content scripts; a saved value shows as <code>{SAVED_HEADER}</code>, which keeps it.
            </span>
            <textarea name="headers" rows={3} value={draft.headers} onInput={(e) => edit({ headers: e.currentTarget.value })} />
          </label>
          <div class="row">{(['export.batchSpans', 'export.batchKilobytes', 'export.intervalSeconds'] as const).map(numberField)}</div>
        </fieldset>
        <fieldset>
          <legend>Retention</legend>
          <p class="muted">
            Spans already sent (or kept while export is off) go first, from the site storing the most; spans waiting to be
            sent are deleted only when nothing else is left, again from the largest site, and counted as dropped. The age
            limit never deletes spans waiting to be sent. A site (a.example.com and b.example.com are one) or a tab over its
            own share turns over its own oldest spans, never another site's.
          </p>
          <div class="row">
            {(['retention.maxAgeDays', 'retention.maxSpans', 'retention.maxMegabytes', 'limits.originMegabytes', 'limits.tabMegabytes'] as const).map(
              numberField,
            )}
          </div>
        </fieldset>
        <fieldset>
          <legend>Sessions</legend>
          <p class="muted">Every span carries session.id, shared by all tabs; a session also ends when the browser closes.</p>
          <div class="row">{numberField('session.timeoutMinutes')}</div>
        </fieldset>
        <fieldset>
          <legend>Sampling and limits</legend>
          <p class="muted">
            A page view is kept whole or not by its trace id, so the <code>traceparent</code> sampled flag your backend
            sees agrees. In page views not kept, the page view's own span, errors and slow spans are still kept; what is
            left out is counted.
          </p>
          <div class="row">{(['sampling.percent', 'sampling.slowMs', 'limits.attributes', 'limits.valueLength', 'limits.spansPerPageView'] as const).map(numberField)}</div>
        </fieldset>
        <fieldset>
          <legend>Capture</legend>
          <Check name="consoleErrors" checked={draft.consoleErrors} onChange={(consoleErrors) => edit({ consoleErrors })}>
            Record the page's <code>console.error</code> calls as errors (off by default: their arguments can hold page
            data)
          </Check>
          <label>
            <span>
              Sites where nothing is captured, one per line (<code>bank.example</code> also covers{' '}
              <code>www.bank.example</code>). The popup turns the current site off and on.
            </span>
            <textarea name="offSites" rows={3} value={draft.offSites} onInput={(e) => edit({ offSites: e.currentTarget.value })} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Redaction</legend>
          <p class="muted">
            Applied before anything is stored. Always: user names and passwords in URLs, and the values of URL parameters
            whose names look secret (token, key, secret, password, auth, session, code, sig, credential).
          </p>
          <Check name="emails" checked={draft.emails} onChange={(emails) => edit({ emails })}>
            Email addresses
          </Check>
          <Check name="digits" checked={draft.digits} onChange={(digits) => edit({ digits })}>
            Runs of nine or more digits (card, phone and account numbers; also timestamps and long ids)
          </Check>
          <label>
            <span>Your own patterns, one regular expression per line (case-insensitive; each match becomes REDACTED)</span>
            <textarea name="patterns" rows={2} value={draft.patterns} onInput={(e) => edit({ patterns: e.currentTarget.value })} />
          </label>
          <RedactionPreview rules={{ emails: draft.emails, digits: draft.digits, patterns: lines(draft.patterns) }} />
        </fieldset>
        <fieldset>
          <legend>Trace propagation</legend>
          <p class="muted">
            Requests to these origins get a W3C <code>traceparent</code> header, so your backend's spans join the page's
            trace. None by default: a new header makes cross-origin requests need a CORS preflight that the server must
            allow.
          </p>
          <Check name="sameOrigin" checked={draft.sameOrigin} onChange={(sameOrigin) => edit({ sameOrigin })}>
            Requests to the page's own origin
          </Check>
          <label>
            <span>
              Other origins, one per line (<code>https://api.example.com</code>, <code>https://*.example.com</code>)
            </span>
            <textarea name="origins" rows={3} value={draft.origins} onInput={(e) => edit({ origins: e.currentTarget.value })} />
          </label>
        </fieldset>
        <div class="row">
          <button type="submit">Save</button>
          <button type="button" data-testid="test-connection" onClick={onTest} disabled={testing}>
            {testing ? 'Testing…' : 'Test connection'}
          </button>
        </div>
        {feedback && (
          <p role="status" class={feedback.kind === 'error' ? 'error' : ''} data-testid="options-feedback">
            {feedback.text}
          </p>
        )}
      </form>
      <ExportHealth status={status} />
      <ExportPreview />
    </main>
  );
}
