/**
 * The reference model (core-model.ts) behind the tracer core's exports, over a memory of its own
 * with the same areas, so the host's code (SpanWriter) runs on it unchanged: each call reads
 * what the host staged, hands it to the model as values, and writes what the model kept in the
 * record layout. Arguments arrive as the WASM would see them: i32 and u32 from JS numbers.
 */
import type { CoreExports } from '../../src/tracer/core';
import {
  ATTR_CAPACITY,
  CoreModel,
  EVENT_CAPACITY,
  MAX_ATTRIBUTES,
  MAX_EVENTS,
  SPAN_CAPACITY,
  URL_BYTES,
  encodeAttr,
  encodeEvent,
  encodeSpan,
  type Attr,
  type StagedEvent,
} from './core-model';

const u32 = (n: number) => n >>> 0;
const i32 = (n: number) => n | 0;

/** The areas, laid out one after another from 1024 (the addresses are the model's own). */
function areasAt(start: number) {
  let at = start;
  const area = (bytes: number) => ((at += bytes), at - bytes);
  return {
    layout: area(64),
    counts: area(16),
    page: area(48),
    spanId: area(32),
    stage: area(MAX_ATTRIBUTES * 16 + MAX_EVENTS * 16),
    urlIn: area(URL_BYTES),
    urlOut: area(URL_BYTES * 4),
    spans: area(SPAN_CAPACITY * 64),
    attrs: area(ATTR_CAPACITY * 16),
    events: area(EVENT_CAPACITY * 16),
    end: at,
  };
}

export type ModelExports = CoreExports & { readonly model: CoreModel };

/** A model core, seeded as loadCore() seeds the WASM one. */
export function modelCore(seedHi: number, seedLo: number): ModelExports {
  const areas = areasAt(1024);
  const memory = new WebAssembly.Memory({ initial: Math.ceil(areas.end / 65536) });
  const bytes = () => new Uint8Array(memory.buffer);
  const view = () => new DataView(memory.buffer);
  const latin1 = (at: number, length: number) => String.fromCharCode(...bytes().subarray(at, at + length));
  const model = new CoreModel();
  model.init(seedHi, seedLo);

  function staged(): { attrs: Attr[]; events: StagedEvent[] } {
    const v = view();
    const attrs = Array.from({ length: MAX_ATTRIBUTES }, (_, i): Attr => {
      const at = areas.stage + i * 16;
      return { key: v.getUint32(at, true), type: v.getUint32(at + 4, true), value: [v.getUint32(at + 8, true), v.getUint32(at + 12, true)] };
    });
    const eventsAt = areas.stage + MAX_ATTRIBUTES * 16;
    const events = Array.from({ length: MAX_EVENTS }, (_, i): StagedEvent => ({
      name: v.getUint32(eventsAt + i * 16, true),
      timeMs: v.getFloat64(eventsAt + i * 16 + 8, true),
    }));
    return { attrs, events };
  }

  return {
    memory,
    model,
    init: (hi, lo) => model.init(u32(hi), u32(lo)),
    configure: (ratio, slowMs, maxAttributes, maxValueLength) => model.configure(Number(ratio), Number(slowMs), u32(maxAttributes), u32(maxValueLength)),
    layout() {
      const { page, spanId, urlIn, urlOut, spans, attrs, events, stage } = areas;
      new Uint32Array(memory.buffer, areas.layout, 9).set([page, spanId, urlIn, urlOut, spans, attrs, events, URL_BYTES, stage]);
      return areas.layout;
    },
    counts() {
      new Uint32Array(memory.buffer, areas.counts, 4).set([model.spans.length, model.attrs.length, model.events.length, u32(model.sampledOut)]);
      return areas.counts;
    },
    reset: () => model.reset(),
    setPage: (timeOriginMs) => model.setPage(latin1(areas.page, 48), Number(timeOriginMs)),
    record(name, kind, how, startMs, endMs, status, message, attrsGiven, eventsGiven) {
      const spans = model.spans.length;
      const attrs = model.attrs.length;
      const events = model.events.length;
      const code = model.record({
        name: u32(name),
        kind: i32(kind),
        how: i32(how),
        startMs: Number(startMs),
        endMs: Number(endMs),
        status: i32(status),
        message: u32(message),
        attrsGiven: u32(attrsGiven),
        eventsGiven: u32(eventsGiven),
        spanId: latin1(areas.spanId, 16),
        parentId: latin1(areas.spanId + 16, 16),
        ...staged(),
      });
      // What the model appended, in the tables' memory, where the host copies it from.
      const memoryBytes = bytes();
      model.spans.slice(spans).forEach((row, i) => memoryBytes.set(encodeSpan(row), areas.spans + (spans + i) * 64));
      model.attrs.slice(attrs).forEach((row, i) => memoryBytes.set(encodeAttr(row), areas.attrs + (attrs + i) * 16));
      model.events.slice(events).forEach((row, i) => memoryBytes.set(encodeEvent(row), areas.events + (events + i) * 16));
      return code;
    },
    redact(length) {
      const result = model.redact(bytes().subarray(areas.urlIn, areas.urlIn + u32(length)));
      if (typeof result === 'number') return result;
      bytes().set(result, areas.urlOut);
      return result.length;
    },
  };
}
