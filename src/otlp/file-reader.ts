/**
 * The strict reader of an OTLP JSON request's parts (src/otlp/read-file.ts reads the requests):
 * each method reads one field, or throws OtlpFileError naming the line and the field's path.
 * Spans become SpanRecords: ids as hex (the OTLP JSON encoding), times as HrTime, OTLP kinds one
 * lower (the API's), attribute values that are arrays, maps or bytes kept as their JSON text (the
 * store keeps scalars); values and counts beyond the span limits are cut and counted as dropped,
 * as the tracer does. Log records are read by file-logs.ts, with these.
 */
import { asHexId, asRecord, truncate } from '../protocol/check';
import { SPAN_LIMITS, type Attributes, type AttributeValue, type HrTime, type ImportedScope, type SpanEventRecord, type SpanLinkRecord, type SpanRecord } from '../protocol/span';

export class OtlpFileError extends Error {
  override name = 'OtlpFileError';
}

export const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);
export const cut = (value: string, max: number = SPAN_LIMITS.string) => truncate(value, max);


export class FileReader {
  constructor(private readonly where: string) {}

  fail(path: string, problem: string): never {
    throw new OtlpFileError(`${this.where}${path}: ${problem}`);
  }

  record(value: unknown, path: string): Record<string, unknown> {
    return asRecord(value) ?? this.fail(path, 'expected an object');
  }

  list(value: unknown, path: string, optional = true): unknown[] {
    if (value === undefined && optional) return [];
    return Array.isArray(value) ? value : this.fail(path, 'expected an array');
  }

  /** A Unix-nanosecond time: a decimal string (as OTLP JSON writes 64-bit integers) or a number. */
  time(value: unknown, path: string): HrTime {
    let ns: bigint;
    if (typeof value === 'string' && /^\d{1,20}$/.test(value)) ns = BigInt(value);
    else if (typeof value === 'number' && Number.isInteger(value) && value >= 0) ns = BigInt(value);
    else return this.fail(path, 'expected Unix nanoseconds');
    if (ns >= 1n << 64n) this.fail(path, 'beyond a 64-bit time');
    return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
  }

  count(value: unknown, path: string): number {
    if (value === undefined) return 0;
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff ? value : this.fail(path, 'expected a count (uint32)');
  }

  string(value: unknown, path: string, optional = false): string {
    if (value === undefined && optional) return '';
    return typeof value === 'string' ? value : this.fail(path, 'expected a string');
  }

  value(value: unknown, path: string): AttributeValue {
    const v = this.record(value, path);
    if ('stringValue' in v) return cut(this.string(v.stringValue, `${path}.stringValue`));
    if ('boolValue' in v) return typeof v.boolValue === 'boolean' ? v.boolValue : this.fail(`${path}.boolValue`, 'expected a boolean');
    if ('intValue' in v) {
      const n = typeof v.intValue === 'string' && /^-?\d{1,20}$/.test(v.intValue) ? Number(v.intValue) : v.intValue;
      return typeof n === 'number' && Number.isInteger(n) ? n : this.fail(`${path}.intValue`, 'expected an integer');
    }
    if ('doubleValue' in v) {
      const n = v.doubleValue;
      if (typeof n === 'number') return n;
      // Non-finite doubles stay text: extension messaging and IndexedDB keys are JSON-minded.
      if (n === 'NaN' || n === 'Infinity' || n === '-Infinity') return n;
      return this.fail(`${path}.doubleValue`, 'expected a number');
    }
    if ('arrayValue' in v || 'kvlistValue' in v || 'bytesValue' in v) return cut(JSON.stringify(v));
    if (Object.keys(v).length === 0) return '';
    return this.fail(path, 'expected an OTLP AnyValue');
  }

  attributes(value: unknown, path: string, limit: number): { attributes: Attributes; dropped: number } {
    const attributes: Attributes = {};
    let dropped = 0;
    this.list(value, path).forEach((item, i) => {
      const kv = this.record(item, `${path}[${i}]`);
      const key = this.string(kv.key, `${path}[${i}].key`);
      const v = this.value(kv.value ?? {}, `${path}[${i}].value`);
      if (key in attributes || Object.keys(attributes).length < limit) attributes[key] = v;
      else dropped++;
    });
    return { attributes, dropped };
  }

  /** A link; its flags keep only the W3C trace flags (OTLP's upper bits say whether it is remote). */
  link(value: unknown, path: string): SpanLinkRecord {
    const l = this.record(value, path);
    const link: SpanLinkRecord = {
      traceId: asHexId(lower(l.traceId), 32) ?? this.fail(`${path}.traceId`, 'expected 32 hex digits'),
      spanId: asHexId(lower(l.spanId), 16) ?? this.fail(`${path}.spanId`, 'expected 16 hex digits'),
      flags: this.count(l.flags, `${path}.flags`) & 0xff,
    };
    const { attributes } = this.attributes(l.attributes, `${path}.attributes`, SPAN_LIMITS.attributes);
    if (Object.keys(attributes).length) link.attributes = attributes;
    return link;
  }

  span(value: unknown, path: string): Omit<SpanRecord, 'pageUrl'> {
    const s = this.record(value, path);
    const traceId = asHexId(lower(s.traceId), 32) ?? this.fail(`${path}.traceId`, 'expected 32 hex digits');
    const spanId = asHexId(lower(s.spanId), 16) ?? this.fail(`${path}.spanId`, 'expected 16 hex digits');
    let parentSpanId: string | undefined;
    if (s.parentSpanId !== undefined && s.parentSpanId !== '') {
      parentSpanId = asHexId(lower(s.parentSpanId), 16) ?? this.fail(`${path}.parentSpanId`, 'expected 16 hex digits');
    }
    const kind = s.kind === undefined ? 0 : s.kind;
    if (typeof kind !== 'number' || !Number.isInteger(kind) || kind < 0 || kind > 5) this.fail(`${path}.kind`, 'expected an OTLP span kind (0–5)');
    const start = this.time(s.startTimeUnixNano, `${path}.startTimeUnixNano`);
    const end = this.time(s.endTimeUnixNano, `${path}.endTimeUnixNano`);
    const status = asRecord(s.status) ?? (s.status === undefined ? {} : this.fail(`${path}.status`, 'expected an object'));
    const code = status.code ?? 0;
    if (code !== 0 && code !== 1 && code !== 2) this.fail(`${path}.status.code`, 'expected 0, 1 or 2');
    const { attributes, dropped } = this.attributes(s.attributes, `${path}.attributes`, SPAN_LIMITS.attributes);
    const allEvents = this.list(s.events, `${path}.events`);
    const events: SpanEventRecord[] = allEvents.slice(0, SPAN_LIMITS.events).map((item, i) => {
      const e = this.record(item, `${path}.events[${i}]`);
      const event: SpanEventRecord = {
        name: cut(this.string(e.name, `${path}.events[${i}].name`), SPAN_LIMITS.name),
        time: this.time(e.timeUnixNano, `${path}.events[${i}].timeUnixNano`),
      };
      const a = this.attributes(e.attributes, `${path}.events[${i}].attributes`, SPAN_LIMITS.attributes).attributes;
      if (Object.keys(a).length) event.attributes = a;
      return event;
    });
    const allLinks = this.list(s.links, `${path}.links`);
    const links = allLinks.slice(0, SPAN_LIMITS.links).map((item, i) => this.link(item, `${path}.links[${i}]`));
    const span: Omit<SpanRecord, 'pageUrl'> = {
      traceId,
      spanId,
      name: cut(this.string(s.name, `${path}.name`), SPAN_LIMITS.name),
      kind: Math.max(0, (kind as number) - 1),
      start,
      end,
      status: { code },
      attributes,
      events,
    };
    if (parentSpanId) span.parentSpanId = parentSpanId;
    const message = this.string(status.message, `${path}.status.message`, true);
    if (message) span.status.message = cut(message);
    const droppedAttributes = this.count(s.droppedAttributesCount, `${path}.droppedAttributesCount`) + dropped;
    const droppedEvents = this.count(s.droppedEventsCount, `${path}.droppedEventsCount`) + allEvents.length - events.length;
    if (droppedAttributes) span.droppedAttributes = droppedAttributes;
    if (droppedEvents) span.droppedEvents = droppedEvents;
    if (links.length) span.links = links;
    const droppedLinks = this.count(s.droppedLinksCount, `${path}.droppedLinksCount`) + allLinks.length - links.length;
    if (droppedLinks) span.droppedLinks = droppedLinks;
    return span;
  }

  /** An optional id: absent, empty or all zero (W3C's invalid id) is none; anything else must be `digits` hex digits. */
  optionalId(value: unknown, digits: number, path: string): string | undefined {
    if (value === undefined || value === '' || (typeof value === 'string' && /^0+$/.test(value) && value.length === digits)) return undefined;
    return asHexId(lower(value), digits) ?? this.fail(path, `expected ${digits} hex digits`);
  }

  /** A ResourceSpans' or ResourceLogs' resource attributes (service.name and the rest), or undefined when it has none. */
  /** The scope of a scopeSpans or scopeLogs at `path` (its `.scope` and `.schemaUrl`); none when it names nothing. */
  scope(value: Record<string, unknown>, path: string): ImportedScope | undefined {
    const s = value.scope === undefined ? {} : this.record(value.scope, `${path}.scope`);
    const name = truncate(this.string(s.name, `${path}.scope.name`, true), SPAN_LIMITS.name);
    const version = truncate(this.string(s.version, `${path}.scope.version`, true), SPAN_LIMITS.name);
    const schemaUrl = truncate(this.string(value.schemaUrl, `${path}.schemaUrl`, true), SPAN_LIMITS.string);
    if (!name && !version && !schemaUrl) return undefined;
    return { name, ...(version ? { version } : {}), ...(schemaUrl ? { schemaUrl } : {}) };
  }

  resource(value: unknown, path: string): Attributes | undefined {
    if (value === undefined) return undefined;
    const { attributes } = this.attributes(this.record(value, path).attributes, `${path}.attributes`, SPAN_LIMITS.attributes);
    return Object.keys(attributes).length ? attributes : undefined;
  }
}
