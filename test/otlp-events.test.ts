import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDouble } from '../src/otlp/doubles';
import { encodeLogs } from '../src/otlp/encode-logs';
import { spansToEvents, type LogEvent } from '../src/otlp/events';
import type { Attributes, HrTime, SpanRecord } from '../src/protocol/span';
import { decodeLogsProtobufRequest } from './support/otlp';
import { PAGE, PAGE_URL, pageSpans, ROUTE_PAGE, SESSION } from './support/page-events';
import { makeSpan } from './support/spans';

/** The time `ms` after the fixture page's time origin (a whole second). */
const at = (ms: number): HrTime => [PAGE.timeOrigin / 1000 + Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];
const common = { 'browser.document.url.full': PAGE_URL, 'session.id': SESSION };

function expected(span: SpanRecord, eventName: string, time: HrTime, attributes: Attributes, severityNumber = 9): LogEvent {
  return { time, observedTime: time, severityNumber, eventName, attributes, traceId: span.traceId, spanId: span.spanId, flags: 1, pageUrl: span.pageUrl };
}

describe('semantic-convention events of stored spans', () => {
  it('gives each kind of span its events, exactly, in span order', async () => {
    const spans = await pageSpans();
    const named = (name: string) => spans.find((s) => s.name === name)!;
    const [unhandled] = spans.filter((s) => s.name === 'exception');
    expect(spansToEvents(spans, { resourceTiming: true })).toEqual([
      expected(named('documentLoad'), 'browser.navigation', at(0), {
        'url.full': PAGE_URL,
        'browser.navigation.same_document': false,
        'browser.navigation.hash_change': false,
        ...common,
      }),
      expected(named('documentLoad'), 'browser.navigation_timing', at(201), {
        'browser.navigation_timing.type': 'reload',
        'url.full': PAGE_URL,
        'browser.resource_timing.duration': 201,
        'browser.resource_timing.fetch_start': 2.5,
        'browser.resource_timing.domain_lookup_start': 3,
        'browser.resource_timing.domain_lookup_end': 4.25,
        'browser.resource_timing.connect_start': 4.25,
        'browser.resource_timing.secure_connection_start': 5,
        'browser.resource_timing.connect_end': 9,
        'browser.resource_timing.request_start': 9.5,
        'browser.resource_timing.response_start': 40,
        'browser.resource_timing.response_end': 52.75,
        'browser.navigation_timing.dom_interactive': 120,
        'browser.navigation_timing.dom_content_loaded_event_start': 121,
        'browser.navigation_timing.dom_content_loaded_event_end': 123.5,
        'browser.navigation_timing.dom_complete': 200,
        'browser.navigation_timing.load_event_start': 200.25,
        'browser.navigation_timing.load_event_end': 201,
        ...common,
      }),
      expected(named('resourceFetch'), 'browser.resource_timing', at(60), {
        'url.full': 'https://cdn.example/app.js',
        'browser.resource_timing.initiator_type': 'script',
        'browser.resource_timing.duration': 35.5,
        'browser.resource_timing.transfer_size': 10_300,
        'browser.resource_timing.encoded_body_size': 10_000,
        'browser.resource_timing.decoded_body_size': 31_000,
        'browser.resource_timing.next_hop_protocol': 'h2',
        'browser.resource_timing.render_blocking_status': 'blocking',
        ...common,
      }),
      expected(named('LCP'), 'browser.web_vital', at(152), {
        'browser.web_vital.name': 'lcp',
        'browser.web_vital.value': 152,
        'browser.web_vital.delta': 152,
        'browser.web_vital.id': 'v5-1732172400000-1111111111111',
        'browser.web_vital.rating': 'good',
        'browser.web_vital.navigation_type': 'reload',
        ...common,
      }),
      // CLS at its largest shift; its delta the change since the last report.
      expected(named('CLS'), 'browser.web_vital', at(640.5), {
        'browser.web_vital.name': 'cls',
        'browser.web_vital.value': 0.25,
        'browser.web_vital.delta': 0.05,
        'browser.web_vital.id': 'v5-1732172400000-2222222222222',
        'browser.web_vital.rating': 'needs-improvement',
        'browser.web_vital.navigation_type': 'back-forward-cache',
        ...common,
      }),
      // INP at its interaction.
      expected(named('INP'), 'browser.web_vital', at(1000), {
        'browser.web_vital.name': 'inp',
        'browser.web_vital.value': 180,
        'browser.web_vital.delta': -16,
        'browser.web_vital.id': 'v5-1732172400000-3333333333333',
        'browser.web_vital.rating': 'poor',
        'browser.web_vital.navigation_type': 'navigate',
        ...common,
      }),
      expected(named('click'), 'browser.user_action.click', at(1000), {
        'browser.css_selector': 'main > form.checkout > button#buy',
        'browser.mouse_event.button': 'left',
        ...common,
      }),
      expected(
        unhandled!,
        'exception',
        at(1050),
        {
          'exception.type': 'TypeError',
          'exception.message': 'order is undefined',
          'exception.stacktrace': 'TypeError: order is undefined\n    at submit (app.js:10:5)',
          'code.file.path': 'https://cdn.example/app.js',
          'code.line.number': 10,
          'code.column.number': 5,
          ...common,
        },
        17,
      ),
      expected(named('routeChange'), 'browser.navigation', at(1500.5), {
        'url.full': ROUTE_PAGE.url,
        'browser.navigation.same_document': true,
        'browser.navigation.hash_change': true,
        'browser.navigation.type': 'traverse',
        'browser.document.url.full': ROUTE_PAGE.url,
        'session.id': SESSION,
      }),
    ]);
    expect(named('click').spanId).toBe('b7ad6b7169203331');
  });

  it('leaves resource timing out unless asked (volume)', async () => {
    const events = spansToEvents(await pageSpans());
    expect(events.map((e) => e.eventName)).not.toContain('browser.resource_timing');
    expect(events).toHaveLength(8);
  });

  it('gives route changes and restores their navigation type, and a restore another document', () => {
    const route = (trigger: string, more: Attributes = {}) =>
      spansToEvents([makeSpan(0, { name: trigger === 'bfcache' ? 'bfcacheRestore' : 'routeChange', parentSpanId: undefined, attributes: { 'url.full': 'https://a.example/x', 'spanlight.route.trigger': trigger, ...more } })])[0]!
        .attributes;
    const navigation = (a: Attributes) => [a['browser.navigation.type'], a['browser.navigation.same_document'], a['browser.navigation.hash_change']];
    expect(navigation(route('pushState', { 'browser.navigation.hash_change': false }))).toEqual(['push', true, false]);
    expect(navigation(route('replaceState', { 'browser.navigation.hash_change': true }))).toEqual(['replace', true, true]);
    expect(navigation(route('popstate', { 'browser.navigation.hash_change': false }))).toEqual(['traverse', true, false]);
    expect(navigation(route('bfcache', { 'browser.navigation.hash_change': true }))).toEqual(['traverse', false, false]);
    // Recorded before the hash change was: a bare hashchange says it, the others cannot.
    expect(navigation(route('hashchange'))).toEqual([undefined, true, true]);
    expect(navigation(route('pushState'))).toEqual(['push', true, undefined]);
  });

  it('gives no event of a span it does not know, or one that lacks what the event needs', () => {
    const vital: Attributes = { 'browser.web_vital.name': 'lcp', 'browser.web_vital.value': 812, 'browser.web_vital.delta': 812, 'browser.web_vital.id': 'v5-1-1', 'browser.web_vital.rating': 'good' };
    const without = (key: string) => Object.fromEntries(Object.entries(vital).filter(([k]) => k !== key));
    const root = { parentSpanId: undefined };
    const none: SpanRecord[] = [
      // A vital recorded before its id and delta were kept, or of a name semconv does not know.
      makeSpan(0, { name: 'LCP', attributes: without('browser.web_vital.id') }),
      makeSpan(0, { name: 'LCP', attributes: without('browser.web_vital.delta') }),
      makeSpan(0, { name: 'LCP', attributes: { ...vital, 'browser.web_vital.value': 'fast' } }),
      makeSpan(0, { name: 'FID', attributes: { ...vital, 'browser.web_vital.name': 'fid' } }),
      // A click with no target described; keyboard activations and submits are no clicks.
      makeSpan(0, { name: 'click', attributes: { 'ui.event.type': 'click', 'ui.target': '' } }),
      makeSpan(0, { name: 'keydown', attributes: { 'ui.event.type': 'keydown', 'ui.target': 'input#q' } }),
      makeSpan(0, { name: 'submit', attributes: { 'ui.event.type': 'submit', 'ui.target': 'form#f' } }),
      // Error spans that are no unhandled exception, or say nothing of it.
      ...['resource', 'csp', 'console', undefined].map((kind) => makeSpan(0, { name: 'exception', attributes: { 'exception.type': 'Error', 'exception.message': 'x', ...(kind ? { 'spanlight.error.kind': kind } : {}) } })),
      makeSpan(0, { name: 'exception', attributes: { 'exception.type': '', 'exception.message': '', 'spanlight.error.kind': 'error' } }),
      // A route of a trigger not known (an imported file's), and one that is not a page view's root.
      makeSpan(0, { name: 'routeChange', ...root, attributes: { 'spanlight.route.trigger': 'toString' } }),
      makeSpan(0, { name: 'routeChange', attributes: { 'spanlight.route.trigger': 'pushState' } }),
      makeSpan(0, { name: 'documentLoad', attributes: { 'url.full': 'https://a.example/' } }),
      // A resource without its initiator; requests, long frames, measures, phases, drops.
      makeSpan(0, { name: 'resourceFetch', attributes: { 'url.full': 'https://a.example/a.js' } }),
      makeSpan(0),
      makeSpan(0, { name: 'longAnimationFrame', attributes: { 'spanlight.long_frame.blocking_duration': 40 } }),
      makeSpan(0, { name: 'checkout', attributes: { 'spanlight.user_timing': 'measure' } }),
      makeSpan(0, { name: 'navigation.dns', attributes: {} }),
      makeSpan(0, { name: 'spanlight.dropped', attributes: { 'spanlight.dropped.count': 3 } }),
    ];
    expect(spansToEvents(none, { resourceTiming: true })).toEqual([]);
    // A document load without its marks is still a navigation, but no timing.
    expect(spansToEvents([makeSpan(0, { name: 'documentLoad', ...root, attributes: { 'url.full': 'https://a.example/' } })]).map((e) => e.eventName)).toEqual(['browser.navigation']);
    // A rating or navigation type outside semconv's members is left out, not sent.
    const odd = spansToEvents([makeSpan(0, { name: 'LCP', attributes: { ...vital, 'browser.web_vital.rating': 'great', 'browser.web_vital.navigation_type': 'soft-navigation' } })]);
    expect(Object.keys(odd[0]!.attributes)).not.toContain('browser.web_vital.rating');
    expect(Object.keys(odd[0]!.attributes)).not.toContain('browser.web_vital.navigation_type');
  });

  it('tells a session that began, and the one before that ended, from the span that began it', () => {
    const span = makeSpan(0, { attributes: { 'session.id': 'cd'.repeat(16), 'spanlight.session.start': true, 'spanlight.session.previous_id': 'ab'.repeat(16), 'spanlight.session.previous_end': 1_732_170_000_250 } });
    const events = spansToEvents([span]);
    expect(events.map((e) => [e.eventName, e.attributes['session.id'], e.attributes['session.previous_id'], e.spanId])).toEqual([
      ['session.end', 'ab'.repeat(16), undefined, span.spanId],
      ['session.start', 'cd'.repeat(16), 'ab'.repeat(16), span.spanId],
    ]);
    expect(events[0]!.time).toEqual([1_732_170_000, 250_000_000]);
    expect(events[1]!.time).toEqual(span.start);
    // The first session of a browser run follows none; a span that began none tells nothing.
    const alone = spansToEvents([makeSpan(0, { attributes: { 'session.id': 'cd'.repeat(16), 'spanlight.session.start': true } })]);
    expect(alone.map((e) => [e.eventName, e.attributes['session.previous_id']])).toEqual([['session.start', undefined]]);
    expect(spansToEvents([makeSpan(0, { attributes: { 'session.id': 'cd'.repeat(16) } })])).toEqual([]);
  });

  it('reads a vital stored before the semconv names (web_vital.*, the name in capitals) as one stored now', () => {
    const now = { 'browser.web_vital.name': 'cls', 'browser.web_vital.value': 0.12, 'browser.web_vital.delta': 0.02, 'browser.web_vital.id': 'v5-9', 'browser.web_vital.rating': 'needs-improvement' };
    const before = { 'web_vital.name': 'CLS', 'web_vital.value': 0.12, 'web_vital.delta': 0.02, 'web_vital.id': 'v5-9', 'web_vital.rating': 'needs-improvement' };
    const span = makeSpan(0, { name: 'CLS' });
    const [a, b] = [now, before].map((attributes) => spansToEvents([{ ...span, attributes }]));
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
  });

  it('gives the same events for the same spans, whatever batches they come in', async () => {
    const spans = await pageSpans();
    const once = spansToEvents(spans, { resourceTiming: true });
    expect(JSON.stringify(spansToEvents(JSON.parse(JSON.stringify(spans)), { resourceTiming: true }))).toBe(JSON.stringify(once));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: spans.length }), (cut) => {
        const split = [...spansToEvents(spans.slice(0, cut), { resourceTiming: true }), ...spansToEvents(spans.slice(cut), { resourceTiming: true })];
        expect(split).toEqual(once);
      }),
    );
    // The events share nothing with the spans: changing one leaves the other as it was.
    once[0]!.time[0] = 0;
    once[0]!.attributes['url.full'] = 'changed';
    expect(spansToEvents(spans, { resourceTiming: true })[0]).toEqual({ ...spansToEvents(spans)[0] });
    expect(spans.find((s) => s.name === 'documentLoad')!.start[0]).toBe(PAGE.timeOrigin / 1000);
  });
});

type Type = 'string' | 'boolean' | 'int' | 'double';
interface Definition {
  type: Type;
  required?: boolean;
  members?: readonly string[];
}

/**
 * The attributes each event may carry, with their types, requirement and enum members: semconv
 * v1.44 (model/browser/registry.yaml, events.yaml; model/exceptions; model/code; model/session;
 * model/url) where it defines them, else the Browser SIG's instrumentations (0.7: their semconv.ts
 * and what they emit).
 */
const COMMON: Record<string, Definition> = { 'browser.document.url.full': { type: 'string', required: true }, 'session.id': { type: 'string' } };
const TIMING = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, { type: /_(size|count)$/.test(k) ? 'int' : 'double' } as Definition]));
const CONVENTIONS: Record<string, Record<string, Definition>> = {
  'browser.web_vital': {
    'browser.web_vital.name': { type: 'string', required: true, members: ['cls', 'lcp', 'fcp', 'inp', 'ttfb'] },
    'browser.web_vital.value': { type: 'double', required: true },
    'browser.web_vital.delta': { type: 'double', required: true },
    'browser.web_vital.id': { type: 'string', required: true },
    'browser.web_vital.rating': { type: 'string', members: ['good', 'needs-improvement', 'poor'] },
    'browser.web_vital.navigation_type': { type: 'string', members: ['navigate', 'reload', 'back-forward', 'back-forward-cache', 'prerender', 'restore'] },
  },
  exception: {
    'exception.type': { type: 'string' },
    'exception.message': { type: 'string' },
    'exception.stacktrace': { type: 'string' },
    'code.file.path': { type: 'string' },
    'code.line.number': { type: 'int' },
    'code.column.number': { type: 'int' },
  },
  'browser.navigation': {
    'url.full': { type: 'string', required: true },
    'browser.navigation.same_document': { type: 'boolean', required: true },
    'browser.navigation.hash_change': { type: 'boolean' },
    'browser.navigation.type': { type: 'string', members: ['push', 'replace', 'reload', 'traverse'] },
  },
  'browser.navigation_timing': {
    'browser.navigation_timing.type': { type: 'string', members: ['navigate', 'reload', 'back_forward', 'prerender'] },
    'url.full': { type: 'string', required: true },
    ...TIMING(['dom_complete', 'dom_content_loaded_event_end', 'dom_content_loaded_event_start', 'dom_interactive', 'load_event_end', 'load_event_start', 'redirect_count', 'unload_event_end', 'unload_event_start'].map((k) => `browser.navigation_timing.${k}`)),
    ...TIMING(['duration', 'fetch_start', 'domain_lookup_start', 'domain_lookup_end', 'connect_start', 'connect_end', 'secure_connection_start', 'request_start', 'response_start', 'response_end', 'redirect_start', 'redirect_end', 'transfer_size', 'encoded_body_size', 'decoded_body_size'].map((k) => `browser.resource_timing.${k}`)),
  },
  'browser.resource_timing': {
    'url.full': { type: 'string', required: true },
    'browser.resource_timing.initiator_type': { type: 'string', required: true },
    'browser.resource_timing.next_hop_protocol': { type: 'string' },
    'browser.resource_timing.render_blocking_status': { type: 'string', members: ['blocking', 'non-blocking'] },
    ...TIMING(['duration', 'fetch_start', 'domain_lookup_start', 'domain_lookup_end', 'connect_start', 'connect_end', 'secure_connection_start', 'request_start', 'response_start', 'response_end', 'redirect_start', 'redirect_end', 'worker_start', 'transfer_size', 'encoded_body_size', 'decoded_body_size'].map((k) => `browser.resource_timing.${k}`)),
  },
  'session.start': {
    'session.id': { type: 'string', required: true },
    'session.previous_id': { type: 'string' },
  },
  'session.end': {
    'session.id': { type: 'string', required: true },
  },
  'browser.user_action.click': {
    'browser.css_selector': { type: 'string' },
    'browser.mouse_event.button': { type: 'string', members: ['left', 'middle', 'right'] },
    'browser.tag_name': { type: 'string' },
    'browser.page.x': { type: 'int' },
    'browser.page.y': { type: 'int' },
  },
};
const OTLP_TYPE: Record<Type, string> = { string: 'stringValue', boolean: 'boolValue', int: 'intValue', double: 'doubleValue' };

describe('events against the conventions', () => {
  it('carry only defined attributes, of their types, with the required ones and known members', async () => {
    // The page view's first span began a session, after one that timed out.
    const [first, ...rest] = await pageSpans();
    const started = { ...first!, attributes: { ...first!.attributes, 'spanlight.session.start': true, 'spanlight.session.previous_id': 'ab'.repeat(16), 'spanlight.session.previous_end': 1_732_170_000_000 } };
    const events = spansToEvents([started, ...rest], { resourceTiming: true });
    const records = decodeLogsProtobufRequest(encodeLogs(events, 'http/protobuf', { userAgent: 'test', sdkVersion: '0' }));
    expect(new Set(events.map((e) => e.eventName))).toEqual(new Set(Object.keys(CONVENTIONS)));
    for (const [i, event] of events.entries()) {
      const definitions = { ...CONVENTIONS[event.eventName]!, ...COMMON };
      for (const [key, value] of Object.entries(event.attributes)) {
        const definition = definitions[key];
        expect(definition, `${event.eventName}: ${key}`).toBeDefined();
        // On the wire: the type a backend keys on.
        expect([event.eventName, key, records[i]!.types[key]]).toEqual([event.eventName, key, OTLP_TYPE[definition!.type]]);
        if (definition!.type === 'int') expect(Number.isInteger(value)).toBe(true);
        if (definition!.members) expect(definition!.members).toContain(value);
      }
      for (const [key, definition] of Object.entries(definitions)) if (definition.required) expect(Object.keys(event.attributes), `${event.eventName} needs ${key}`).toContain(key);
      if (event.eventName === 'exception') expect(['exception.type', 'exception.message'].some((k) => k in event.attributes)).toBe(true);
      // Never a typed-in value: a click names its target by tags, ids and classes.
      expect(JSON.stringify(event.attributes)).not.toContain('value=');
    }
  });

  it('type every number of an event as its convention does (the encoders follow doubles.ts)', () => {
    for (const [eventName, definitions] of Object.entries(CONVENTIONS)) {
      for (const [key, { type }] of Object.entries(definitions)) {
        if (type === 'int' || type === 'double') expect([eventName, key, isDouble(key)]).toEqual([eventName, key, type === 'double']);
      }
    }
  });
});
