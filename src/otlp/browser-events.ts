/**
 * The events of what happened in the page: navigations (the document's load, route changes,
 * restores from the back/forward cache), Web Vitals, clicks and unhandled exceptions. See
 * events.ts for the rules every event follows and the README's "Events (OTLP logs)" for the table.
 */
import { VITAL_DELTA, VITAL_ID, VITAL_NAVIGATION_TYPE, VITAL_RATING, VITAL_VALUE, vitalAttribute, vitalName } from '../vital';
import { ROUTE_TRIGGERS, VITAL_NAMES, VITAL_RATINGS } from '../protocol/page';
import type { SpanRecord } from '../protocol/span';
import { num, present, Severity, text, urlOf, type Derived } from './derived';

/** The document's load: a new document, so neither the same one nor a fragment change (the SIG sets no type). */
export function hardNavigation(span: SpanRecord): Derived {
  return {
    eventName: 'browser.navigation',
    time: span.start,
    attributes: { 'url.full': urlOf(span), 'browser.navigation.same_document': false, 'browser.navigation.hash_change': false },
  };
}

/**
 * The SIG's `browser.navigation.type` for a route change (its History API mapping); a restore from
 * the back/forward cache is a traversal to another document. A bare hashchange (popstate reports a
 * fragment step first) says nothing of how it came: no type.
 */
const NAVIGATION_TYPES = new Map<string, string>([
  ['pushState', 'push'],
  ['replaceState', 'replace'],
  ['popstate', 'traverse'],
  ['bfcache', 'traverse'],
]);

/** A route change (same document) or a restore from the back/forward cache (another document); none of a trigger not known. */
export function softNavigation(span: SpanRecord): Derived | undefined {
  const trigger = ROUTE_TRIGGERS.find((t) => t === span.attributes['spanlight.route.trigger']);
  if (!trigger) return undefined;
  const restored = trigger === 'bfcache';
  const recorded = span.attributes['browser.navigation.hash_change'];
  const hashChange = restored ? false : typeof recorded === 'boolean' ? recorded : trigger === 'hashchange' ? true : undefined;
  return {
    eventName: 'browser.navigation',
    time: span.start,
    attributes: present({
      'url.full': urlOf(span),
      'browser.navigation.same_document': !restored,
      'browser.navigation.hash_change': hashChange,
      'browser.navigation.type': NAVIGATION_TYPES.get(trigger),
    }),
  };
}

/** semconv's browser.web_vital.navigation_type members: web-vitals' own values. */
const VITAL_NAVIGATION_TYPES = ['navigate', 'reload', 'back-forward', 'back-forward-cache', 'prerender', 'restore'];

/**
 * A vital's report, at what it measures (the SIG's timestamps): INP at its interaction, CLS at its
 * largest shift, the others at the moment they measure up to. Name, value, delta and id are
 * required: a span without them (recorded before they were kept) gives none.
 */
export function webVital(span: SpanRecord): Derived | undefined {
  const a = span.attributes;
  const name = VITAL_NAMES.find((n) => n === vitalName(a));
  const value = num(vitalAttribute(a, VITAL_VALUE));
  const delta = num(vitalAttribute(a, VITAL_DELTA));
  const id = text(vitalAttribute(a, VITAL_ID));
  if (!name || value === undefined || delta === undefined || !id) return undefined;
  const rating = VITAL_RATINGS.find((r) => r === vitalAttribute(a, VITAL_RATING));
  const navigationType = VITAL_NAVIGATION_TYPES.find((t) => t === vitalAttribute(a, VITAL_NAVIGATION_TYPE));
  return {
    eventName: 'browser.web_vital',
    time: name === 'INP' ? span.start : span.end,
    attributes: present({
      'browser.web_vital.name': name.toLowerCase(),
      'browser.web_vital.value': value,
      'browser.web_vital.delta': delta,
      'browser.web_vital.id': id,
      'browser.web_vital.rating': rating,
      'browser.web_vital.navigation_type': navigationType,
    }),
  };
}

/**
 * A click: its target's selector (tags, ids and classes, never text or values) and its button (a
 * `click` is dispatched for the primary one only). No tag name: SVG and MathML targets keep their
 * case in `tagName`, which the recorded local name cannot tell; no coordinates (not recorded).
 */
export function click(span: SpanRecord): Derived | undefined {
  const selector = text(span.attributes['ui.target']);
  if (!selector) return undefined;
  return { eventName: 'browser.user_action.click', time: span.start, attributes: { 'browser.css_selector': selector, 'browser.mouse_event.button': 'left' } };
}

/** Kinds of error spans that are exceptions the page did not handle (not failed resources, CSP reports or console calls). */
const UNHANDLED = ['error', 'unhandledrejection'];

/** An uncaught exception or unhandled rejection: ERROR, as semconv's exceptions-logs says of unhandled ones. */
export function exception(span: SpanRecord): Derived | undefined {
  const a = span.attributes;
  if (!UNHANDLED.includes(a['spanlight.error.kind'] as string)) return undefined;
  const type = text(a['exception.type']);
  const message = text(a['exception.message']);
  if (!type && !message) return undefined;
  return {
    eventName: 'exception',
    time: span.start,
    severityNumber: Severity.ERROR,
    attributes: present({
      'exception.type': type,
      'exception.message': message,
      'exception.stacktrace': text(a['exception.stacktrace']),
      'code.file.path': text(a['code.file.path']),
      'code.line.number': num(a['code.line.number']),
      'code.column.number': num(a['code.column.number']),
    }),
  };
}
