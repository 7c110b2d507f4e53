/**
 * One OTLP/HTTP request and what its answer means, per the OTLP spec: 2xx with an OTLP body (or
 * none) is delivered, perhaps with a partial_success saying some spans were rejected; 429, 502,
 * 503, 504 and network failures are retryable, honouring Retry-After; any other answer will not
 * get better by itself. Redirects are not followed (a 301/302/303 would resend the POST as a GET,
 * and an auth proxy's redirect ends at a login page that answers 200), and a 2xx that is not OTLP
 * is not taken for delivery. A request that cannot be made as configured is neither.
 */
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Signal } from '../signals';
import type { Compression, ExportProtocol } from '../settings';

export const CONTENT_TYPES: Record<ExportProtocol, string> = {
  'http/protobuf': 'application/x-protobuf',
  'http/json': 'application/json',
};

/** Media types of an OTLP answer (protobuf has two spellings in the wild). */
const OTLP_ANSWER_TYPES = new Set(['application/x-protobuf', 'application/protobuf', 'application/json']);
const RETRYABLE = new Set([429, 502, 503, 504]);
const REQUEST_TIMEOUT_MS = 30_000;
/** A Retry-After longer than this is treated as this. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;
/** At most this much of an answer is read; the rest is cancelled (an OTLP answer is a few bytes). */
export const MAX_ANSWER_BYTES = 64 * 1024;

export interface OtlpRequest {
  endpoint: string;
  protocol: ExportProtocol;
  headers: Record<string, string>;
  compression: Compression;
  /** An encoded ExportTraceServiceRequest, or ExportLogsServiceRequest for `signal` logs. */
  body: Uint8Array;
  /** Traces unless set: which answer to read. */
  signal?: Signal;
  /** Asked once the body is ready (compressed), just before it leaves: false sends nothing. */
  stillWanted?: () => boolean;
}

/**
 * delivered: the collector has the spans. retry: try again later (spans stay pending). refused:
 * the collector's answer (or a redirect, or a 2xx that is not OTLP) will not change by itself, so
 * the spans are parked. config: the request could not be made as configured (a header the browser
 * rejects, say); nothing was sent, and sending again changes nothing until the settings change.
 */
export type SendResult =
  | { kind: 'delivered'; status: number; partial?: { rejected: number; message: string } }
  | { kind: 'retry'; status?: number; retryAfterMs?: number; message: string }
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'config'; message: string }
  /** Not sent: the settings it was made under changed while it was being compressed (stillWanted). */
  | { kind: 'withdrawn' };

/** Sends `request` and classifies the answer; never throws. */
export async function sendOtlp(request: OtlpRequest, send: typeof fetch = fetch, timeoutMs = REQUEST_TIMEOUT_MS): Promise<SendResult> {
  const { endpoint, protocol, compression } = request;
  const headers: Record<string, string> = { ...request.headers, 'Content-Type': CONTENT_TYPES[protocol] };
  // fetch throws the same TypeError for a header it rejects as for a network failure: check first.
  const problem = headersProblem(headers);
  if (problem) return { kind: 'config', message: problem };
  let body: Uint8Array = request.body;
  if (compression === 'gzip') {
    body = await gzip(body);
    headers['Content-Encoding'] = 'gzip';
  }
  if (request.stillWanted?.() === false) return { kind: 'withdrawn' };
  let response: Response;
  let answer: Uint8Array;
  try {
    response = await send(endpoint, { method: 'POST', headers, body: body as BodyInit, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    if (isRedirect(response)) {
      void response.body?.cancel().catch(() => undefined);
      return { kind: 'refused', status: response.status, message: redirectMessage(response) };
    }
    answer = await readBounded(response, MAX_ANSWER_BYTES);
  } catch (error) {
    const name = (error as Error)?.name;
    const detail = (error as Error)?.message ?? String(error);
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'retry', message: `collector timed out after ${timeoutMs / 1000} s at ${endpoint}: ${detail}` };
    if (error instanceof TypeError) return { kind: 'retry', message: `collector unreachable at ${endpoint}: ${detail}` };
    return { kind: 'config', message: `the export request could not be made (${name}): ${detail}` };
  }
  const { status } = response;
  const contentType = response.headers.get('content-type') ?? '';
  if (status >= 200 && status < 300) {
    if (answer.length && !OTLP_ANSWER_TYPES.has(mediaType(contentType))) {
      return {
        kind: 'refused',
        status,
        message: `collector answered HTTP ${status} with ${mediaType(contentType) || 'no content type'}, not OTLP (a login page or a proxy?): the spans were not delivered`,
      };
    }
    const partial = readPartialSuccess(answer, protocol, request.signal);
    return partial ? { kind: 'delivered', status, partial } : { kind: 'delivered', status };
  }
  const detail = readErrorMessage(answer, contentType);
  const message = `collector answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (!RETRYABLE.has(status)) return { kind: 'refused', status, message };
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return retryAfterMs === undefined ? { kind: 'retry', status, message } : { kind: 'retry', status, retryAfterMs, message };
}

/** Why the browser would refuse `headers` (a name or value it cannot send), or undefined. */
export function headersProblem(headers: Record<string, string>): string | undefined {
  try {
    new Headers(headers);
    return undefined;
  } catch (error) {
    return `the export headers cannot be sent: ${(error as Error)?.message ?? error}`;
  }
}

/** A redirect, as fetch shows it with `redirect: 'manual'`: opaque in browsers, a 3xx elsewhere. */
function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

function redirectMessage(response: Response): string {
  // Browsers hide an opaque redirect's status and Location; a 3xx elsewhere shows them.
  const location = response.type === 'opaqueredirect' ? null : response.headers.get('location');
  const answered = response.status ? `HTTP ${response.status}, a redirect` : 'a redirect';
  return `collector answered ${answered}${location ? ` to ${clip(location)}` : ''}: Spanlight does not follow redirects (they resend the spans elsewhere, or as a GET); set the endpoint to the collector's own URL`;
}

/** `type/subtype` of a Content-Type, lower-cased, without parameters. */
function mediaType(contentType: string): string {
  return contentType.split(';', 1)[0]!.trim().toLowerCase();
}

/** The first `limit` bytes of the body at most; the rest is cancelled, not downloaded. */
async function readBounded(response: Response, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } finally {
    if (length >= limit) void reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  const out = new Uint8Array(Math.min(length, limit));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Milliseconds to wait from a Retry-After header (delay-seconds or an HTTP date), capped at an hour. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : undefined;
}

/**
 * The partial_success of an ExportTraceServiceResponse (or ExportLogsServiceResponse), when it
 * reports rejected spans (log records) or a message.
 */
export function readPartialSuccess(body: Uint8Array, protocol: ExportProtocol, signal: Signal = 'traces'): { rejected: number; message: string } | undefined {
  if (!body.length) return undefined;
  try {
    const json = protocol === 'http/json';
    const partial: { rejectedSpans?: unknown; rejectedLogRecords?: unknown; errorMessage?: unknown } | undefined =
      signal === 'logs'
        ? (json ? JsonLogsSerializer : ProtobufLogsSerializer).deserializeResponse(body)?.partialSuccess
        : (json ? JsonTraceSerializer : ProtobufTraceSerializer).deserializeResponse(body)?.partialSuccess;
    const rejected = Number((signal === 'logs' ? partial?.rejectedLogRecords : partial?.rejectedSpans) ?? 0);
    const message = String(partial?.errorMessage ?? '');
    return rejected > 0 || message ? { rejected, message } : undefined;
  } catch {
    return undefined; // a 2xx with an unreadable body is still delivered
  }
}

/** The human part of an error answer: google.rpc.Status.message (protobuf or JSON), or its text. */
export function readErrorMessage(body: Uint8Array, contentType: string): string {
  if (!body.length) return '';
  if (contentType.includes('protobuf')) {
    const message = readProtobufString(body, 2);
    if (message !== undefined) return clip(message);
  }
  const text = new TextDecoder().decode(body);
  if (contentType.includes('json')) {
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed?.message === 'string') return clip(parsed.message);
    } catch {
      // fall through to the text
    }
  }
  return clip(text);
}

function clip(text: string): string {
  // eslint-disable-next-line no-control-regex -- strip control characters from a remote answer
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 300);
}

/** The first string field `field` of a protobuf message, or undefined when it is not one. */
function readProtobufString(bytes: Uint8Array, field: number): string | undefined {
  let at = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; at < bytes.length && shift < 35; shift += 7) {
      const b = bytes[at++]!;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    throw new RangeError('bad varint');
  };
  try {
    while (at < bytes.length) {
      const tag = varint();
      const wire = tag & 7;
      if (wire === 0) varint();
      else if (wire === 2) {
        const length = varint();
        if (at + length > bytes.length) return undefined;
        if (tag >>> 3 === field) return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at, at + length));
        at += length;
      } else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else return undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * gzip by CompressionStream, written in one chunk: a Blob's stream() would feed it in small
 * chunks, which took ~4× as long for a 512-span request in the service worker.
 */
async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const compression = new CompressionStream('gzip');
  const writer = compression.writable.getWriter();
  void writer.write(bytes as BufferSource).catch(() => undefined);
  void writer.close().catch(() => undefined);
  return new Uint8Array(await new Response(compression.readable).arrayBuffer());
}
