/**
 * What the span rules changed in one span, field by field, for the options page's preview:
 * the name, kind, status, times, and each attribute added, changed or removed.
 */
import type { AttributeValue, SpanRecord } from '../protocol/span';

/** One change: the field (`name`, `status.code`, `attributes["k"]`…) and its value before and after (undefined: none). */
export interface SpanChange {
  field: string;
  kind: 'added' | 'changed' | 'removed';
  before?: string;
  after?: string;
}

/** A value as the preview prints it: strings quoted, so that "1" and 1 differ. */
const show = (v: AttributeValue | undefined): string | undefined => (v === undefined ? undefined : JSON.stringify(v));

/** The changes from `before` to `after` (the same span, through the rules); none when they are equal. */
export function diffSpan(before: SpanRecord, after: SpanRecord): SpanChange[] {
  if (before === after) return [];
  const changes: SpanChange[] = [];
  const field = (name: string, a: AttributeValue | undefined, b: AttributeValue | undefined) => {
    if (a === b) return;
    changes.push({ field: name, kind: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', before: show(a), after: show(b) });
  };
  field('name', before.name, after.name);
  field('kind', before.kind, after.kind);
  field('status.code', before.status.code, after.status.code);
  field('status.message', before.status.message, after.status.message);
  field('start_time', before.start.join('.'), after.start.join('.'));
  field('end_time', before.end.join('.'), after.end.join('.'));
  const keys = new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)]);
  for (const key of keys) {
    const a = Object.hasOwn(before.attributes, key) ? before.attributes[key] : undefined;
    const b = Object.hasOwn(after.attributes, key) ? after.attributes[key] : undefined;
    field(`attributes[${JSON.stringify(key)}]`, a, b);
  }
  return changes;
}

/** One span of the preview: dropped, or kept with what changed (nothing, for most). */
export type PreviewRow = { span: SpanRecord; dropped: true } | { span: SpanRecord; dropped: false; changes: SpanChange[] };

/**
 * Pairs each span of `before` with what the rules made of it in `after` (the spans kept, in
 * order, each the same object when unchanged): by trace and span id, as the ids are read-only.
 */
export function previewRows(before: readonly SpanRecord[], after: readonly SpanRecord[]): PreviewRow[] {
  const kept = new Map(after.map((s) => [`${s.traceId}/${s.spanId}`, s]));
  return before.map((span) => {
    const out = kept.get(`${span.traceId}/${span.spanId}`);
    return out ? { span, dropped: false, changes: diffSpan(span, out) } : { span, dropped: true };
  });
}
