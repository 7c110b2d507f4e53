import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { originPatternProblem } from '../src/propagation';
import { hasExportConsent, requestExportConsent } from '../src/data-consent';
import { applyPolicy, readSettingsInForce, watchSettingsInForce, type SettingsInForce } from '../src/managed-settings';
import { askBackground } from '../src/protocol/ui';
import { siteOf, siteProblem } from '../src/sites';
import { MAX_PATTERNS, patternProblem } from '../src/redaction';
import { RedactionPreview } from './RedactionPreview';
import { RULE_FIELDS, RulesEditor, ruleProblemText, ruleTexts } from './RulesEditor';
import { formatRuleText, ruleTextProblems } from '../src/rules/rule-text';
import { DEFAULT_RULES, type RuleSource } from '../src/rules/rule-source';
import { activeSignals, impliedLogsEndpoint, logsEndpointProblem, sends } from '../src/signals';
import {
  COMPRESSIONS,
  EXPORT_PROTOCOLS,
  EXPORT_SIGNALS,
  NUMBER_SETTINGS,
  endpointProblem,
  formatHeaderLines,
  SAVED_HEADER,
  numberProblem,
  parseHeaderLines,
  saveSettings,
  type Compression,
  type ExportProtocol,
  type ExportSignals,
  type NumberSetting,
  type Settings,
} from '../src/settings';
import { ExportHealth } from './ExportHealth';
import { NetworkAccess } from './NetworkAccess';
import { ExportPreview } from './ExportPreview';
import { useStatus } from './hooks';

type Feedback = { kind: 'ok' | 'error'; text: string } | undefined;
/** What is wrong with the form, and the field (its input's name) it is wrong in. */
type Problem = { field: string; text: string };

/** What a field the organization's policy sets says beside it. */
function Managed() {
  return (
    <span class="managed" data-testid="managed">
      Set by your organization
    </span>
  );
}

/** Entries the policy adds to a list: shown, not editable. */
function ManagedEntries(props: { entries: string[]; testId: string }) {
  if (!props.entries.length) return null;
  return (
    <span class="managed" data-testid={props.testId}>
      Set by your organization: {props.entries.join(', ')}
    </span>
  );
}

/** A labelled select of fixed options. */
function Choice<T extends string>(props: {
  label: string;
  name: string;
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  locked?: boolean;
}) {
  return (
    <label>
      <span>
        {props.label} {props.locked && <Managed />}
      </span>
      <select name={props.name} value={props.value} disabled={props.locked} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
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
function Check(props: { name: string; checked: boolean; onChange: (checked: boolean) => void; locked?: boolean; children: ComponentChildren }) {
  return (
    <label class="check">
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        disabled={props.locked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <span>
        {props.children} {props.locked && <Managed />}
      </span>
    </label>
  );
}

/** The value at `path` (`group.key`) of `settings`. */
const valueAt = (settings: Settings, path: string): unknown => {
  const [group, key] = path.split('.') as [string, string];
  return (settings as unknown as Record<string, Record<string, unknown>>)[group]![key];
};

/** The form's fields, as typed; numbers stay text until they are checked. */
interface Draft {
  endpoint: string;
  signals: ExportSignals;
  logsEndpoint: string;
  spanEvents: boolean;
  resourceTimingEvents: boolean;
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
  /** Span rules, a statement a line (src/rules/rule-text.ts). */
  rulesDrop: string;
  rulesTransform: string;
}

function toDraft(s: Settings): Draft {
  const numbers = {} as Record<NumberSetting, string>;
  for (const name of Object.keys(NUMBER_SETTINGS) as NumberSetting[]) {
    const [group, key] = name.split('.') as ['export' | 'retention' | 'session' | 'sampling' | 'limits', string];
    numbers[name] = String((s[group] as unknown as Record<string, number>)[key]);
  }
  return {
    endpoint: s.export.endpoint,
    signals: s.export.signals,
    logsEndpoint: s.export.logsEndpoint,
    spanEvents: s.export.spanEvents,
    resourceTimingEvents: s.export.resourceTimingEvents,
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
    rulesDrop: formatRuleText(s.rules.drop),
    rulesTransform: formatRuleText(s.rules.transform),
  };
}

/** Whether saving `draft` turns export on: an endpoint where `base` has none. */
const turnsExportOn = (base: Settings, draft: Draft) =>
  !activeSignals(base.export).length && activeSignals({ signals: draft.signals, endpoint: draft.endpoint.trim(), logsEndpoint: draft.logsEndpoint.trim() }).length > 0;

/** The non-blank lines of a text area, trimmed. */
function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

/**
 * The settings of `draft` over `base`, or every problem with it. `managedPatterns` patterns and
 * the `managedRules` are the organization's, which come first within the limits. A span rule that
 * does not compile is refused as any other field is (settings written otherwise keep it).
 */
function fromDraft(base: Settings, draft: Draft, managedPatterns = 0, managedRules: RuleSource = DEFAULT_RULES): { settings: Settings } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (field: string, text: string | undefined) => text && problems.push({ field, text });
  const endpoint = draft.endpoint.trim();
  problem('endpoint', endpointProblem(endpoint));
  const logsEndpoint = draft.logsEndpoint.trim();
  problem('logsEndpoint', endpointProblem(logsEndpoint));
  if (sends('logs', draft)) problem('logsEndpoint', logsEndpointProblem({ endpoint, logsEndpoint }));
  const headers = parseHeaderLines(draft.headers);
  if ('problem' in headers) problem('headers', headers.problem);
  const numbers = {} as Record<NumberSetting, number>;
  for (const name of Object.keys(NUMBER_SETTINGS) as NumberSetting[]) {
    const text = draft.numbers[name].trim();
    const value = text === '' ? NaN : Number(text);
    problem(name, numberProblem(name, value));
    numbers[name] = value;
  }
  const origins = lines(draft.origins);
  for (const origin of origins) problem('origins', originPatternProblem(origin));
  const offSites = lines(draft.offSites);
  for (const site of offSites) problem('offSites', siteProblem(site));
  const patterns = lines(draft.patterns);
  const room = MAX_PATTERNS - managedPatterns;
  if (patterns.length > room) {
    problem('patterns', managedPatterns ? `at most ${room} redaction patterns of your own: your organization sets ${managedPatterns}` : `at most ${MAX_PATTERNS} redaction patterns`);
  }
  for (const pattern of patterns) problem('patterns', patternProblem(pattern));
  const rules = ruleTexts(draft.rulesDrop, draft.rulesTransform);
  for (const p of ruleTextProblems(managedRules, rules)) problem(RULE_FIELDS[p.list], ruleProblemText(p));
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
        signals: draft.signals,
        logsEndpoint,
        spanEvents: draft.spanEvents,
        resourceTimingEvents: draft.resourceTimingEvents,
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
      rules: { drop: rules.drop.statements, transform: rules.transform.statements },
      capture: { consoleErrors: draft.consoleErrors, offSites: [...new Set(offSites.map((site) => siteOf(site)!))] },
    },
  };
}

/** The logs endpoint field's placeholder: the URL logs go to when it is empty. */
function logsPlaceholder(endpoint: string): string {
  const implied = impliedLogsEndpoint(endpoint.trim());
  return implied && implied !== endpoint.trim() ? `${implied} (empty: this one)` : 'http://localhost:4318/v1/logs';
}

/** What saving says: where spans go now. */
function savedText(next: Settings): string {
  const active = activeSignals(next.export);
  if (!active.length) return 'Saved. Export is off.';
  const what = active.length === 2 ? 'Spans and their events (as logs) are' : active[0] === 'logs' ? 'The events of spans (as logs) are' : 'Spans are';
  const where = active.length === 2 ? 'these endpoints' : 'this endpoint';
  return next.export.sendStoredOnStart ? `Saved. ${what} sent to ${where}, the ones stored before too.` : `Saved. ${what} sent to ${where}.`;
}

/** The settings page: where spans go and how long they stay. Invalid values are explained and not saved. */
export function Options() {
  const status = useStatus();
  /** The settings in force and what the organization's policy decides of them, kept current. */
  const [inForce, setInForce] = useState<SettingsInForce>();
  /** The user's own settings, which the form edits. */
  const [base, setBase] = useState<Settings>();
  const [draft, setDraft] = useState<Draft>();
  const [feedback, setFeedback] = useState<Feedback>();
  /** The fields the last Save or Test found wrong, until each is edited. */
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const [testing, setTesting] = useState(false);
  /** Stored spans never sent, asked for when the form would turn export on. */
  const [unsent, setUnsent] = useState<number>();
  /** Firefox: whether the user has allowed export, asked when the policy sets the endpoint. */
  const [consented, setConsented] = useState(true);
  const locked = inForce?.locked ?? new Set<string>();
  const turningOn = !!base && !!draft && !locked.has('export.endpoint') && turnsExportOn(base, draft);

  useEffect(() => {
    const controller = new AbortController();
    void readSettingsInForce().then((first) => {
      setInForce(first);
      setBase(first.user);
      setDraft(toDraft(first.user));
    });
    watchSettingsInForce(setInForce, controller.signal);
    return () => controller.abort();
  }, []);
  const managedEndpoint = locked.has('export.endpoint') ? inForce?.settings.export.endpoint : undefined;
  useEffect(() => {
    if (managedEndpoint) void hasExportConsent().then(setConsented, () => setConsented(false));
  }, [managedEndpoint]);
  useEffect(() => {
    if (!turningOn) return;
    askBackground('stored-unsent')
      .then(({ stored }) => setUnsent(stored))
      .catch(() => setUnsent(undefined));
  }, [turningOn]);
  if (!base || !draft || !inForce) return <main class="options">Loading…</main>;
  const shown = inForce.settings;

  const fixing = (field: string) => invalid.has(field) && setInvalid(new Set([...invalid].filter((f) => f !== field)));
  const edit = (change: Partial<Draft>) => {
    for (const key of Object.keys(change)) fixing(key);
    setDraft({ ...draft, ...change });
  };
  const editNumber = (name: NumberSetting, value: string) => {
    fixing(name);
    setDraft({ ...draft, numbers: { ...draft.numbers, [name]: value } });
  };
  /** Says what is wrong, marks each wrong field, and moves focus to the first. */
  const refuse = (problems: Problem[]) => {
    setFeedback({ kind: 'error', text: problems.map((p) => p.text).join('; ') });
    setInvalid(new Set(problems.map((p) => p.field)));
    document.querySelector<HTMLElement>(`form [name="${problems[0]!.field}"]`)?.focus();
  };
  /** A field's marks: invalid, and described by the message that says why. */
  const marks = (field: string) => (invalid.has(field) ? { 'aria-invalid': true, 'aria-describedby': 'options-feedback' } : {});

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const result = fromDraft(base, draft, inForce.added.patterns.length, inForce.added.rules);
    if ('problems' in result) return refuse(result.problems);
    setInvalid(new Set());
    // Locked fields show the policy's values but hold the user's own, which are what is saved: the
    // user's settings come back unchanged when the policy goes.
    const next = result.settings;
    // What will be in force: the policy over the form's values. Any signal with somewhere to go
    // sends data, a logs endpoint alone too.
    const effective = applyPolicy(next, inForce.policy).settings;
    // Asked here, inside the submit handler: Firefox only shows its consent prompt for user input.
    const consent = activeSignals(effective.export).length ? requestExportConsent() : Promise.resolve(true);
    void consent
      .then(async (allowed) => {
        await saveSettings(next);
        setBase(next);
        setConsented(allowed);
        setFeedback(
          allowed
            ? { kind: 'ok', text: savedText(effective) }
            : { kind: 'error', text: 'Saved, but Firefox was not allowed to send data: export stays paused.' },
        );
      })
      .catch((error: unknown) => setFeedback({ kind: 'error', text: `Not saved: ${String(error)}` }));
  };

  const onAllow = () => {
    void requestExportConsent().then(
      (allowed) => {
        setConsented(allowed);
        setFeedback(allowed ? { kind: 'ok', text: 'Allowed: spans are sent to your organization\'s collector.' } : { kind: 'error', text: 'Not allowed: export stays paused.' });
      },
      (error: unknown) => setFeedback({ kind: 'error', text: `Not allowed: ${String(error)}` }),
    );
  };

  const onTest = () => {
    const result = fromDraft(base, draft, inForce.added.patterns.length, inForce.added.rules);
    if ('problems' in result) return refuse(result.problems);
    setInvalid(new Set());
    setTesting(true);
    // What would be in force once saved: the policy over the form's values.
    askBackground('test-connection', { export: applyPolicy(result.settings, inForce.policy).settings.export })
      .then((answer) => setFeedback({ kind: answer.ok ? 'ok' : 'error', text: `Test: ${answer.message}` }))
      .catch((error: unknown) => setFeedback({ kind: 'error', text: `Test failed: ${(error as Error).message}` }))
      .finally(() => setTesting(false));
  };

  /** A checkbox's props: the draft's value, or the policy's where it is locked. */
  const checkField = (name: 'consoleErrors' | 'emails' | 'digits' | 'sameOrigin', path: string) => ({
    name,
    checked: locked.has(path) ? (valueAt(shown, path) as boolean) : draft[name],
    locked: locked.has(path),
    onChange: (checked: boolean) => edit({ [name]: checked }),
  });

  /** An export checkbox's props, as checkField's. */
  const exportCheck = (name: 'spanEvents' | 'resourceTimingEvents') => ({
    name,
    checked: locked.has(`export.${name}`) ? shown.export[name] : draft[name],
    locked: locked.has(`export.${name}`),
    onChange: (checked: boolean) => edit({ [name]: checked }),
  });

  const numberField = (name: NumberSetting) => (
    <label key={name}>
      <span>
        {NUMBER_SETTINGS[name].label} {locked.has(name) && <Managed />}
      </span>
      <input
        name={name}
        type="number"
        min={NUMBER_SETTINGS[name].min}
        max={NUMBER_SETTINGS[name].max}
        value={locked.has(name) ? String(valueAt(shown, name)) : draft.numbers[name]}
        disabled={locked.has(name)}
        {...marks(name)}
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
      {(locked.size > 0 || inForce.added.offSites.length + inForce.added.patterns.length + inForce.added.headers.length > 0) && (
        <p class="managed" data-testid="managed-summary">
          Your organization sets some of these settings by browser policy; they cannot be changed here.
        </p>
      )}
      {inForce.problems.length > 0 && (
        <p class="error" data-testid="policy-problems">
          Your organization's policy has values Spanlight cannot use, left out: {inForce.problems.join('; ')}
        </p>
      )}
      {managedEndpoint && !consented && (
        <p class="row" data-testid="consent">
          <span>Firefox asks before Spanlight sends data to your organization's collector.</span>
          <button type="button" onClick={onAllow} data-testid="allow-export">
            Allow sending
          </button>
        </p>
      )}
      <form onSubmit={onSubmit} aria-label="Settings" noValidate>
        <fieldset>
          <legend>Export</legend>
          <label>
            <span>OTLP/HTTP traces endpoint {managedEndpoint !== undefined && <Managed />}</span>
            <input
              name="endpoint"
              type="text"
              inputMode="url"
              placeholder="http://localhost:4318/v1/traces (empty: export off)"
              value={managedEndpoint ?? draft.endpoint}
              disabled={managedEndpoint !== undefined}
              {...marks('endpoint')}
              onInput={(e) => edit({ endpoint: e.currentTarget.value })}
            />
          </label>
          <div class="row">
            <Choice<ExportSignals>
              label="Send"
              name="signals"
              options={EXPORT_SIGNALS}
              value={locked.has('export.signals') ? shown.export.signals : draft.signals}
              locked={locked.has('export.signals')}
              onChange={(signals) => edit({ signals })}
            />
            <label>
              <span>OTLP/HTTP logs endpoint {locked.has('export.logsEndpoint') && <Managed />}</span>
              <input
                name="logsEndpoint"
                type="text"
                inputMode="url"
                placeholder={logsPlaceholder(managedEndpoint ?? draft.endpoint)}
                value={locked.has('export.logsEndpoint') ? shown.export.logsEndpoint : draft.logsEndpoint}
                disabled={locked.has('export.logsEndpoint')}
                {...marks('logsEndpoint')}
                onInput={(e) => edit({ logsEndpoint: e.currentTarget.value })}
              />
            </label>
          </div>
          <p class="muted">
            traces: the spans; logs: the OpenTelemetry browser events made from them (web vitals, navigations, clicks,
            exceptions), for Loki, Elastic and other log backends; both: the two, each to its own endpoint.
          </p>
          <Check {...exportCheck('spanEvents')}>Also attach the events to their spans as span events (for Jaeger and Tempo)</Check>
          <Check {...exportCheck('resourceTimingEvents')}>Also send a browser.resource_timing event per resource (many records)</Check>
          <div class="row">
            {(
              [
                ['Protocol', 'protocol', EXPORT_PROTOCOLS],
                ['Compression', 'compression', COMPRESSIONS],
              ] as const
            ).map(([label, name, options]) => (
              <Choice<string>
                key={name}
                label={label}
                name={name}
                options={options}
                value={locked.has(`export.${name}`) ? shown.export[name] : draft[name]}
                locked={locked.has(`export.${name}`)}
                onChange={(value) => edit({ [name]: value })}
              />
            ))}
          </div>
          {locked.has('export.sendStoredOnStart') && (
            <p class="managed" data-testid="managed-send-stored">
              {shown.export.sendStoredOnStart
                ? 'Spans stored while export was off are sent too'
                : 'Only spans captured once export is on are sent'}
              : set by your organization.
            </p>
          )}
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
            <ManagedEntries entries={inForce.added.headers} testId="managed-headers" />
            <textarea name="headers" rows={3} value={draft.headers} {...marks('headers')} onInput={(e) => edit({ headers: e.currentTarget.value })} />
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
          <NetworkAccess />
          <Check {...checkField('consoleErrors', 'capture.consoleErrors')}>
            Record the page's <code>console.error</code> calls as errors (off by default: their arguments can hold page
            data)
          </Check>
          <label>
            <span>
              Sites where nothing is captured, one per line (<code>bank.example</code> also covers{' '}
              <code>www.bank.example</code>). The popup turns the current site off and on.
            </span>
            <ManagedEntries entries={inForce.added.offSites} testId="managed-offSites" />
            <textarea name="offSites" rows={3} value={draft.offSites} {...marks('offSites')} onInput={(e) => edit({ offSites: e.currentTarget.value })} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Redaction</legend>
          <p class="muted">
            Applied before anything is stored. Always: user names and passwords in URLs, and the values of URL parameters
            whose names look secret (token, key, secret, password, auth, session, code, sig, credential).
          </p>
          <Check {...checkField('emails', 'redaction.emails')}>
            Email addresses
          </Check>
          <Check {...checkField('digits', 'redaction.digits')}>
            Runs of nine or more digits (card, phone and account numbers; also timestamps and long ids)
          </Check>
          <label>
            <span>Your own patterns, one regular expression per line (case-insensitive; each match becomes REDACTED)</span>
            <ManagedEntries entries={inForce.added.patterns} testId="managed-patterns" />
            <textarea name="patterns" rows={2} value={draft.patterns} {...marks('patterns')} onInput={(e) => edit({ patterns: e.currentTarget.value })} />
          </label>
          <RedactionPreview
            rules={{
              emails: locked.has('redaction.emails') ? shown.redaction.emails : draft.emails,
              digits: locked.has('redaction.digits') ? shown.redaction.digits : draft.digits,
              patterns: [...inForce.added.patterns, ...lines(draft.patterns)].slice(0, MAX_PATTERNS),
            }}
          />
        </fieldset>
        <RulesEditor drop={draft.rulesDrop} transform={draft.rulesTransform} policy={inForce.added.rules} marks={marks} onEdit={edit} />
        <fieldset>
          <legend>Trace propagation</legend>
          <p class="muted">
            Requests to these origins get a W3C <code>traceparent</code> header, so your backend's spans join the page's
            trace. None by default: a new header makes cross-origin requests need a CORS preflight that the server must
            allow.
          </p>
          <Check {...checkField('sameOrigin', 'propagation.sameOrigin')}>
            Requests to the page's own origin
          </Check>
          <label>
            <span>
              Other origins, one per line (<code>https://api.example.com</code>, <code>https://*.example.com</code>){' '}
              {locked.has('propagation.origins') && <Managed />}
            </span>
            <textarea
              name="origins"
              rows={3}
              value={locked.has('propagation.origins') ? shown.propagation.origins.join('\n') : draft.origins}
              disabled={locked.has('propagation.origins')}
              {...marks('origins')}
              onInput={(e) => edit({ origins: e.currentTarget.value })}
            />
          </label>
        </fieldset>
        <div class="row">
          <button type="submit">Save</button>
          <button type="button" data-testid="test-connection" onClick={onTest} disabled={testing}>
            {testing ? 'Testing…' : 'Test connection'}
          </button>
        </div>
        {feedback && (
          <p role="status" id="options-feedback" class={feedback.kind === 'error' ? 'error' : ''} data-testid="options-feedback">
            {feedback.text}
          </p>
        )}
      </form>
      <ExportHealth status={status} />
      <ExportPreview />
    </main>
  );
}
