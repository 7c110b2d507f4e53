/**
 * The paths a span statement reads and writes (ottlspan's, on a Spanlight SpanRecord): name,
 * kind, kind.string, status.code, status.message, attributes, attributes[…],
 * start_time_unix_nano, end_time_unix_nano, trace_id.string, span_id.string,
 * parent_span_id.string, dropped_*_count, resource.attributes and resource.attributes[…]; each may
 * start with the context name `span.`. The ids, the counts and the resource are read-only: the
 * ids tie the trace together, and the resource is derived from the page when spans are exported
 * (src/otlp/resource.ts), so there is no stored resource to write.
 */
import type { Field, Key } from './ast';
import { KIND_NAMES } from './enums';
import { RuleRuntimeError, RuleSyntaxError } from './rule-error';
import { attributesToExtend, putAttribute, removeAttributes, writableSpan, type SpanContext } from './span-context';
import { SPAN_LIMITS, type Attributes, type HrTime } from '../protocol/span';
import { fromAttribute, toAttribute, typeName, type Value } from './value';

export type Getter = (ctx: SpanContext) => Value;
export type Setter = (ctx: SpanContext, value: Value) => void;

/** A map an editor works on: read it, or (if it may be written) get the span's own copy. */
export interface MapTarget {
  read(ctx: SpanContext): Readonly<Record<string, unknown>>;
  /** Undefined when the map is read-only. */
  write?(ctx: SpanContext): Attributes;
  /** Removes keys (with write). */
  remove?(ctx: SpanContext, keys: readonly string[]): void;
}

export interface CompiledPath {
  get: Getter;
  /** Undefined when the path is read-only; `readOnly` says why. */
  set?: Setter;
  readOnly?: string;
  map?: MapTarget;
}

const NS = 1_000_000_000n;
const toNanos = (t: HrTime) => BigInt(t[0]) * NS + BigInt(t[1]);
const fromNanos = (ns: bigint): HrTime => [Number(ns / NS), Number(ns % NS)];
const RESOURCE_READ_ONLY = 'resource attributes are read-only here: Spanlight derives the resource from the page when it exports';

/** Compiles a path; throws RuleSyntaxError for a path spans do not have. */
export function compilePath(fields: Field[]): CompiledPath {
  const names = fields.map((f) => f.name);
  let start = names[0] === 'span' && fields.length > 1 ? 1 : 0;
  const resource = names[start] === 'resource';
  if (resource) start++;
  const rest = fields.slice(start);
  const dotted = rest.map((f) => f.name).join('.');
  const keyed = rest.findIndex((f) => f.keys.length);
  const at = fields[0]!.at;
  if (keyed >= 0 && keyed !== rest.length - 1) throw new RuleSyntaxError(`${dotted}: keys may only follow the last field`, rest[keyed]!.keys[0]!.at);
  const keys = rest.at(-1)?.keys ?? [];
  if (dotted === 'attributes') {
    if (resource) return keys.length ? resourceAttribute(keys) : resourceMap();
    return keys.length ? spanAttribute(keys) : spanAttributes();
  }
  if (resource) throw new RuleSyntaxError(`resource.${dotted} is not a path here: resource.attributes is`, at);
  if (keys.length) throw new RuleSyntaxError(`${dotted} cannot be indexed`, keys[0]!.at);
  const path = SCALARS[dotted];
  if (!path) throw new RuleSyntaxError(`${names.join('.')} is not a span path here`, at);
  return path;
}

const readOnly = (get: Getter, why: string): CompiledPath => ({ get, readOnly: why });
const IDS = "span ids are read-only: they tie the trace together";

const SCALARS: Record<string, CompiledPath> = {
  name: {
    get: (c) => c.span.name,
    set: (c, v) => {
      // ottlspan ignores a value of the wrong type for a typed field; so does Spanlight.
      if (typeof v === 'string') writableSpan(c).name = v.slice(0, SPAN_LIMITS.name);
    },
  },
  kind: {
    get: (c) => BigInt(c.span.kind + 1),
    set: (c, v) => {
      if (typeof v !== 'bigint') return;
      if (v < 1n || v > 5n) throw new RuleRuntimeError(`kind ${v} cannot be stored: Spanlight keeps SPAN_KIND_INTERNAL to SPAN_KIND_CONSUMER`);
      writableSpan(c).kind = Number(v) - 1;
    },
  },
  'kind.string': {
    get: (c) => KIND_NAMES[c.span.kind + 1] ?? 'Unspecified',
    set: (c, v) => {
      const n = KIND_NAMES.indexOf(v as (typeof KIND_NAMES)[number]);
      if (typeof v !== 'string') return;
      if (n < 1) throw new RuleRuntimeError(`kind.string ${JSON.stringify(v)} cannot be stored: Internal, Server, Client, Producer or Consumer can`);
      writableSpan(c).kind = n - 1;
    },
  },
  'status.code': {
    get: (c) => BigInt(c.span.status.code),
    set: (c, v) => {
      if (typeof v !== 'bigint') return;
      if (v < 0n || v > 2n) throw new RuleRuntimeError(`status.code ${v} is not a status code`);
      writableSpan(c).status.code = Number(v);
    },
  },
  'status.message': {
    get: (c) => c.span.status.message ?? '',
    set: (c, v) => {
      if (typeof v !== 'string') return;
      const status = writableSpan(c).status;
      if (v) status.message = v.slice(0, SPAN_LIMITS.string);
      else delete status.message;
    },
  },
  start_time_unix_nano: { get: (c) => toNanos(c.span.start), set: timeSetter('start') },
  end_time_unix_nano: { get: (c) => toNanos(c.span.end), set: timeSetter('end') },
  'trace_id.string': readOnly((c) => c.span.traceId, IDS),
  'span_id.string': readOnly((c) => c.span.spanId, IDS),
  'parent_span_id.string': readOnly((c) => c.span.parentSpanId ?? '', IDS),
  dropped_attributes_count: readOnly((c) => BigInt(c.span.droppedAttributes ?? 0), 'the dropped counts are kept by Spanlight'),
  dropped_events_count: readOnly((c) => BigInt(c.span.droppedEvents ?? 0), 'the dropped counts are kept by Spanlight'),
  dropped_links_count: readOnly((c) => BigInt(c.span.droppedLinks ?? 0), 'the dropped counts are kept by Spanlight'),
};

function timeSetter(which: 'start' | 'end'): Setter {
  return (c, v) => {
    if (typeof v !== 'bigint') return;
    if (v < 0n) throw new RuleRuntimeError(`${which}_time_unix_nano cannot be negative`);
    writableSpan(c)[which] = fromNanos(v);
  };
}

function stringKey(keys: Key[], what: string): string {
  const key = keys[0]!;
  if (key.kind !== 'string') throw new RuleSyntaxError(`${what} takes a string key`, key.at);
  return key.value;
}

function spanAttribute(keys: Key[]): CompiledPath {
  const key = stringKey(keys, 'attributes');
  if (keys.length > 1) throw new RuleSyntaxError('attributes hold single values here, so one key is all they take', keys[1]!.at);
  // Named once here, not on every write.
  const what = `attributes[${JSON.stringify(key)}]`;
  return {
    get: (c) => fromAttribute(c.span.attributes[key]),
    set: (c, v) => {
      if (v === null) return;
      const stored = toAttribute(v, what);
      let attributes = writableSpan(c).attributes;
      if (!Object.hasOwn(attributes, key)) {
        if (Object.keys(attributes).length >= SPAN_LIMITS.attributes) throw new RuleRuntimeError(`the span has ${SPAN_LIMITS.attributes} attributes already`);
        attributes = attributesToExtend(c);
      }
      putAttribute(attributes, key, typeof stored === 'string' ? stored.slice(0, SPAN_LIMITS.string) : stored);
    },
  };
}

function spanAttributes(): CompiledPath {
  return {
    get: (c) => toMap(c.span.attributes),
    set: (c, v) => {
      if (!(v instanceof Map)) return;
      const next: Attributes = {};
      for (const [k, x] of v) if (x !== null) putAttribute(next, k, toAttribute(x, `attributes[${JSON.stringify(k)}]`));
      writableSpan(c).attributes = next;
    },
    map: { read: (c) => c.span.attributes, write: (c) => writableSpan(c).attributes, remove: removeAttributes },
  };
}

function resourceAttribute(keys: Key[]): CompiledPath {
  const key = stringKey(keys, 'resource.attributes');
  const more = keys.slice(1);
  return readOnly((c) => indexValue(fromAttribute(c.resource()[key]), more), RESOURCE_READ_ONLY);
}

function resourceMap(): CompiledPath {
  return { ...readOnly((c) => toMap(c.resource()), RESOURCE_READ_ONLY), map: { read: (c) => c.resource() } };
}

function toMap(record: Readonly<Record<string, unknown>>): Value {
  const map = new Map<string, Value>();
  for (const k of Object.keys(record)) map.set(k, fromAttribute(record[k]));
  return map;
}

/** `v[key]…`: lists by int, maps by string; a missing entry is nil, a wrong key an error. */
export function indexValue(v: Value, keys: Key[]): Value {
  for (const key of keys) {
    if (v === null) return null;
    if (Array.isArray(v) && key.kind === 'int') {
      if (key.value < 0n || key.value >= BigInt(v.length)) throw new RuleRuntimeError(`index ${key.value} out of bounds (length ${v.length})`);
      v = v[Number(key.value)]!;
    } else if (v instanceof Map && key.kind === 'string') v = v.get(key.value) ?? null;
    else throw new RuleRuntimeError(`a ${typeName(v)} cannot be indexed by ${key.kind === 'int' ? 'an int' : 'a string'}`);
  }
  return v;
}
