import { describe, expect, it } from 'vitest';
import { summarizeEvent, offsetLabel } from '../src/viewer/event-summary';
import { traceEvents } from '../src/viewer/trace-events';
import { layoutTrace } from '../src/viewer/trace';
import { PAGE, PAGE_EVENTS, PAGE_URL, spansOf } from './support/page-events';
import { makeSpan } from './support/spans';

describe('event summaries', () => {
  it('says what each event tells in one line: vital, navigation, click, exception, session', () => {
    expect(summarizeEvent('browser.web_vital', { 'browser.web_vital.name': 'lcp', 'browser.web_vital.value': 1234.5, 'browser.web_vital.rating': 'good' })).toBe('LCP 1.23 s · good');
    expect(summarizeEvent('browser.web_vital', { 'browser.web_vital.name': 'cls', 'browser.web_vital.value': 0.25, 'browser.web_vital.rating': 'needs-improvement' })).toBe('CLS 0.250 · needs-improvement');
    expect(summarizeEvent('browser.navigation', { 'url.full': 'https://a.example/x', 'browser.navigation.same_document': true, 'browser.navigation.type': 'push' })).toBe('https://a.example/x · push');
    expect(summarizeEvent('browser.navigation', { 'url.full': 'https://a.example/', 'browser.navigation.same_document': false })).toBe('https://a.example/ · new document');
    expect(summarizeEvent('browser.navigation', { 'url.full': 'https://a.example/#b', 'browser.navigation.same_document': true, 'browser.navigation.hash_change': true })).toBe('https://a.example/#b · hash change');
    expect(summarizeEvent('browser.navigation_timing', { 'browser.navigation_timing.type': 'reload', 'browser.resource_timing.duration': 201, 'url.full': 'https://a.example/' })).toBe('reload · loaded in 201.0 ms · https://a.example/');
    expect(summarizeEvent('browser.user_action.click', { 'browser.css_selector': 'form > button#buy' })).toBe('form > button#buy');
    expect(summarizeEvent('exception', { 'exception.type': 'TypeError', 'exception.message': '<b>x</b> is undefined' })).toBe('TypeError: <b>x</b> is undefined');
    expect(summarizeEvent('exception', { 'exception.message': 'only a message' })).toBe('only a message');
    expect(summarizeEvent('session.start', { 'session.id': 'cd', 'session.previous_id': 'ab' })).toBe('cd · after ab');
    expect(summarizeEvent('session.end', { 'session.id': 'ab' })).toBe('ab');
  });

  it('gives nothing for an event it does not know, and for values of the wrong type', () => {
    expect(summarizeEvent('something.else', { 'url.full': 'x' })).toBe('');
    expect(summarizeEvent('browser.user_action.click', { 'browser.css_selector': 3 })).toBe('');
    expect(summarizeEvent('browser.web_vital', { 'browser.web_vital.name': 'inp', 'browser.web_vital.value': '80' })).toBe('INP');
  });

  it('labels times before the trace start with a minus', () => {
    expect(offsetLabel(12)).toBe('+12.0 ms');
    expect(offsetLabel(-3000)).toBe('−3.00 s');
  });
});

describe('a page view’s events', () => {
  it('lists every event but resource timing, in time order, each with its span’s row', async () => {
    const spans = await spansOf(PAGE, PAGE_EVENTS);
    const layout = layoutTrace(spans);
    const events = traceEvents(layout);
    const lines = events.map((e) => [e.time - layout.t0, e.event.eventName, summarizeEvent(e.event.eventName, e.event.attributes)]);
    // INP is at its interaction, the click's time: of two events at one time, either may come first.
    expect([...lines.slice(0, 4), ...lines.slice(4, 6).sort(), ...lines.slice(6)]).toEqual([
      [0, 'browser.navigation', `${PAGE_URL} · new document`],
      [152, 'browser.web_vital', 'LCP 152.0 ms · good'],
      [201, 'browser.navigation_timing', `reload · loaded in 201.0 ms · ${PAGE_URL}`],
      [640.5, 'browser.web_vital', 'CLS 0.250 · needs-improvement'],
      [1000, 'browser.user_action.click', 'main > form.checkout > button#buy'],
      [1000, 'browser.web_vital', 'INP 180.0 ms · poor'],
      [1050, 'exception', 'TypeError: order is undefined'],
    ]);
    expect(events.map((e) => e.time)).toEqual([...events.map((e) => e.time)].sort((a, b) => a - b));
    for (const { event, row } of events) expect(layout.rows[row]!.span.spanId).toBe(event.spanId);
  });

  it('keeps a session’s end, which may be before the trace start', () => {
    const span = makeSpan(0, { attributes: { 'session.id': 'cd'.repeat(16), 'spanlight.session.start': true, 'spanlight.session.previous_id': 'ab'.repeat(16), 'spanlight.session.previous_end': 1_732_170_000_250 } });
    const layout = layoutTrace([span]);
    const [end, start] = traceEvents(layout);
    expect([end!.event.eventName, start!.event.eventName]).toEqual(['session.end', 'session.start']);
    expect(end!.time - layout.t0).toBeLessThan(0);
  });
});
