/**
 * The host side of the tracer core: opens spans, adds attributes and events, closes them, and
 * hands out what the core wrote as a wire batch. Strings never enter the core (except URLs, for
 * redaction): the writer keeps them in the batch's list and passes their index and length.
 */
import type { PageContext } from '../protocol/bridge';
import type { WireChunk, WireSpanBatch } from '../protocol/span-batch';
import { toBase64 } from '../protocol/base64';
import { StatusCode, type AttributeValue } from '../protocol/span';
import { CoreCode, CoreError, CoreLayout, coreAreas, coreCounts, type CoreAreas, type CoreExports } from './core';

/** Sampling and limits, as the core applies them (see configure() in the core). */
export interface TracerConfig {
  /** Share of page views whose spans are all kept, 0..1. */
  sampleRatio: number;
  /** In page views not sampled, spans at least this long are kept anyway; 0: none. */
  slowMs: number;
  maxAttributes: number;
  maxValueLength: number;
}

export const DEFAULT_TRACER_CONFIG: TracerConfig = {
  sampleRatio: 1,
  slowMs: 0,
  maxAttributes: 128,
  maxValueLength: 16384,
};

// Pure: a bundle that never writes spans (Chromium's bridge) leaves them out.
const encoder = /* @__PURE__ */ new TextEncoder();
const decoder = /* @__PURE__ */ new TextDecoder();

/** What the core's STAGE area holds for one span (MAX_ATTRIBUTES and MAX_EVENTS in the core). */
const STAGED_ATTRIBUTES = 128;
const STAGED_EVENTS = 64;

/** How the core gives the span its id and parent (`how`, a bit set; see record() in the core). */
const FRESH_ID = 0;
const ROOT_ID = 1;
const GIVEN_ID = 2;
const GIVEN_PARENT = 4;

/**
 * Writes one batch at a time, from begin() to finish(). Nothing carries from one batch to the
 * next but the core's settings: each batch has its own string and attribute-key tables (the keys
 * its spans use, no more), so one page's unusual attribute names never reach another batch, nor
 * another tab's where the background's writer serves several.
 */
export class SpanWriter {
  private keyIds = new Map<string, number>();
  private keys: string[] = [];
  private strings: string[] = [];
  private chunks: WireChunk[] = [];
  private page: PageContext | undefined;
  private sampledOutAtStart = 0;
  private readonly areas: CoreAreas;
  /** STAGE as words and as doubles (the memory never grows: the core allocates nothing). */
  private readonly u32: Uint32Array;
  private readonly f64: Float64Array;
  private readonly stage: number;
  private readonly stageEvents: number;
  // The span being written.
  private name = 0;
  private kind = 0;
  private how = FRESH_ID;
  private start = 0;
  private attrs = 0;
  private events = 0;
  private stringsAtOpen = 0;

  constructor(private readonly core: CoreExports) {
    this.areas = coreAreas(core);
    this.u32 = new Uint32Array(core.memory.buffer);
    this.f64 = new Float64Array(core.memory.buffer);
    this.stage = this.areas.stage / 4;
    this.stageEvents = this.stage + (STAGED_ATTRIBUTES * CoreLayout.attr) / 4;
  }

  /** Applies sampling and limits; throws CoreError on values out of range. */
  configure(config: TracerConfig): void {
    const code = this.core.configure(config.sampleRatio, config.slowMs, config.maxAttributes, config.maxValueLength);
    if (code !== 0) throw new CoreError(`configuration refused: ${code}`, code);
  }

  /**
   * Starts a batch of the page view `page` (its URL redacted by the core). Returns whether the
   * view is sampled. Throws CoreError on a malformed context.
   */
  begin(page: PageContext): boolean {
    const { core } = this;
    const ids = encoder.encode(page.traceId + page.rootSpanId);
    new Uint8Array(core.memory.buffer, this.areas.page, 48).set(ids.subarray(0, 48));
    const sampled = ids.length === 48 ? core.setPage(page.timeOrigin) : CoreCode.BAD_ID;
    if (sampled < 0) throw new CoreError(`page context refused: ${sampled}`, sampled);
    core.reset();
    this.strings = [];
    this.keys = [];
    this.keyIds = new Map();
    this.chunks = [];
    this.page = { ...page, url: this.redactUrl(page.url) };
    this.sampledOutAtStart = coreCounts(core).sampledOut;
    return sampled === 1;
  }

  /** The index of attribute key `name` in this batch's key table: valid until the next begin(). */
  key(name: string): number {
    let id = this.keyIds.get(name);
    if (id === undefined) {
      id = this.keys.push(name) - 1;
      this.keyIds.set(name, id);
    }
    return id;
  }

  private text(value: string): number {
    return this.strings.push(value) - 1;
  }

  /**
   * Starts a span; `root` takes the page view's root id, `spanId` an id the page side chose and
   * `parentId` a parent it named (else the page view's root).
   */
  open(name: string, kind: number, startMs: number, options?: { root?: boolean; spanId?: string; parentId?: string }): void {
    this.stringsAtOpen = this.strings.length;
    this.name = this.text(name);
    this.kind = kind;
    this.start = startMs;
    this.attrs = 0;
    this.events = 0;
    this.how = options?.root ? ROOT_ID : FRESH_ID;
    if (options?.spanId) this.how |= this.stageId(0, options.spanId, GIVEN_ID);
    if (options?.parentId) this.how |= this.stageId(16, options.parentId, GIVEN_PARENT);
  }

  /** Writes a 16-hex id at `offset` in the core's SPAN_ID area, and returns `flag`. */
  private stageId(offset: number, hex: string, flag: number): number {
    const id = new Uint8Array(this.core.memory.buffer, this.areas.spanId + offset, 16);
    // A malformed id leaves it short or invalid: the core refuses it at close().
    id.fill(0);
    encoder.encodeInto(hex.slice(0, 16), id);
    return flag;
  }

  /** The STAGE word index of the next attribute, or -1 past what STAGE holds (counted as dropped). */
  private nextAttr(key: number, type: number): number {
    const i = this.attrs++;
    if (i >= STAGED_ATTRIBUTES) return -1;
    const at = this.stage + i * 4;
    this.u32[at] = key;
    this.u32[at + 1] = type;
    return at;
  }

  /** A string attribute (cut to the length limit by the core). */
  str(key: number, value: string): void {
    const at = this.nextAttr(key, CoreLayout.attrString);
    if (at < 0) return;
    this.u32[at + 2] = this.text(value);
    this.u32[at + 3] = value.length;
  }

  /** A number attribute; one that is not finite is left out. */
  num(key: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const at = this.nextAttr(key, CoreLayout.attrNumber);
    if (at >= 0) this.f64[(at + 2) / 2] = value;
  }

  bool(key: number, value: boolean): void {
    const at = this.nextAttr(key, CoreLayout.attrBool);
    if (at >= 0) this.f64[(at + 2) / 2] = value ? 1 : 0;
  }

  /** An attribute of any kind, by key name. */
  set(key: string, value: AttributeValue): void {
    const id = this.key(key);
    if (typeof value === 'string') this.str(id, value);
    else if (typeof value === 'boolean') this.bool(id, value);
    else this.num(id, value);
  }

  /** A URL attribute, redacted by the core. */
  url(key: string, value: string): void {
    this.str(this.key(key), this.redactUrl(value));
  }

  event(name: string, timeMs: number): void {
    const i = this.events++;
    if (i >= STAGED_EVENTS) return;
    const at = this.stageEvents + i * 4;
    this.u32[at] = this.text(name);
    this.f64[(at + 2) / 2] = timeMs;
  }

  /** Ends the span and hands it to the core; returns whether sampling kept it. */
  close(endMs: number, status: number = StatusCode.UNSET, message?: string): boolean {
    const { core } = this;
    const text = message === undefined ? CoreLayout.none : this.text(message);
    let code = core.record(this.name, this.kind, this.how, this.start, endMs, status, text, this.attrs, this.events);
    if (code === CoreCode.FULL) {
      this.cutChunk();
      code = core.record(this.name, this.kind, this.how, this.start, endMs, status, text, this.attrs, this.events);
    }
    if (code < 0) throw new CoreError(`span refused: ${code}`, code);
    // Left out by sampling: its strings need not travel.
    if (code === 0) this.strings.length = this.stringsAtOpen;
    return code === 1;
  }

  /**
   * `url` with secrets removed by the core's rules: userinfo, and the values of query (and
   * fragment) parameters with secret-looking names. A URL too long for the core is replaced whole.
   */
  redactUrl(url: string): string {
    const { core } = this;
    // Nothing to redact without a query, a fragment or userinfo: skip the copy.
    if (!/[?#@]/.test(url)) return url;
    const input = new Uint8Array(core.memory.buffer, this.areas.urlIn, this.areas.urlBytes);
    const { read, written } = encoder.encodeInto(url, input);
    if (read !== url.length) return 'REDACTED';
    const length = core.redact(written);
    // -1: nothing to redact. Any other refusal keeps nothing of the URL.
    if (length === -1) return url;
    if (length < 0) return 'REDACTED';
    return decoder.decode(new Uint8Array(core.memory.buffer, this.areas.urlOut, length));
  }

  /** Copies the core's tables into a chunk and empties them. */
  private cutChunk(): void {
    const { core, areas } = this;
    const memory = new Uint8Array(core.memory.buffer);
    const slice = (at: number, bytes: number) => toBase64(memory.subarray(at, at + bytes));
    const fill = coreCounts(core);
    this.chunks.push({
      spans: slice(areas.spans, fill.spans * CoreLayout.span),
      attrs: slice(areas.attrs, fill.attrs * CoreLayout.attr),
      events: slice(areas.events, fill.events * CoreLayout.event),
    });
    core.reset();
  }

  /** The page view of the batch being written, its URL redacted. */
  get pageUrl(): string {
    return this.page?.url ?? '';
  }

  /** The batch written since begin(), ready to send; the writer is then empty. */
  finish(): WireSpanBatch {
    if (!this.page) throw new CoreError('finish() without begin()');
    this.cutChunk();
    const batch: WireSpanBatch = {
      page: this.page,
      chunks: this.chunks,
      strings: this.strings,
      keys: this.keys,
      sampledOut: coreCounts(this.core).sampledOut - this.sampledOutAtStart,
    };
    this.chunks = [];
    this.strings = [];
    this.page = undefined;
    return batch;
  }
}
