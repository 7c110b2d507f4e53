/**
 * One OTLP/HTTP request and what its answer means, per the OTLP spec: 2xx is delivered (perhaps
 * with a partial_success saying some spans were rejected); 429, 502, 503, 504 and transport
 * failures are retryable, honouring Retry-After; any other answer will not get better by itself.
 */
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Compression, ExportProtocol } from '../settings';

export const CONTENT_TYPES: Record<ExportProtocol, string> = {
  'http/protobuf': 'application/x-protobuf',
  'http/json': 'application/json',
};

const RETRYABLE = new Set([429, 502, 503, 504]);
const REQUEST_TIMEOUT_MS = 30_000;
/** A Retry-After longer than this is treated as this. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

export interface OtlpRequest {
  endpoint: string;
  protocol: ExportProtocol;
  headers: Record<string, string>;
  compression: Compression;
  /** An encoded ExportTraceServiceRequest. */
  body: Uint8Array;
}

export type SendResult =
  | { kind: 'delivered'; status: number; partial?: { rejectedSpans: number; message: string } }
  | { kind: 'retry'; status?: number; retryAfterMs?: number; message: string }
  | { kind: 'refused'; status: number; message: string };

/** Sends `request` and classifies the answer; never throws. */
export async function sendOtlp(request: OtlpRequest, send: typeof fetch = fetch, timeoutMs = REQUEST_TIMEOUT_MS): Promise<SendResult> {
  const { endpoint, protocol, compression } = request;
  const headers: Record<string, string> = { ...request.headers, 'Content-Type': CONTENT_TYPES[protocol] };
  let body: Uint8Array = request.body;
  if (compression === 'gzip') {
    body = await gzip(body);
    headers['Content-Encoding'] = 'gzip';
  }
  let response: Response;
  let answer: Uint8Array;
  try {
    response = await send(endpoint, { method: 'POST', headers, body: body as BodyInit, signal: AbortSignal.timeout(timeoutMs) });
    answer = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    const reason = (error as Error)?.name === 'TimeoutError' ? `timed out after ${timeoutMs / 1000} s` : 'unreachable';
    return { kind: 'retry', message: `collector ${reason} at ${endpoint}: ${(error as Error)?.message ?? error}` };
  }
  const { status } = response;
  if (status >= 200 && status < 300) {
    const partial = readPartialSuccess(answer, protocol);
    return partial ? { kind: 'delivered', status, partial } : { kind: 'delivered', status };
  }
  const detail = readErrorMessage(answer, response.headers.get('content-type') ?? '');
  const message = `collector answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (!RETRYABLE.has(status)) return { kind: 'refused', status, message };
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return retryAfterMs === undefined ? { kind: 'retry', status, message } : { kind: 'retry', status, retryAfterMs, message };
}

/** Milliseconds to wait from a Retry-After header (delay-seconds or an HTTP date), capped at an hour. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : undefined;
}

/** The partial_success of an ExportTraceServiceResponse, when it reports rejected spans or a message. */
export function readPartialSuccess(body: Uint8Array, protocol: ExportProtocol): { rejectedSpans: number; message: string } | undefined {
  if (!body.length) return undefined;
  try {
    const serializer = protocol === 'http/json' ? JsonTraceSerializer : ProtobufTraceSerializer;
    const partial = serializer.deserializeResponse(body)?.partialSuccess;
    const rejectedSpans = Number(partial?.rejectedSpans ?? 0);
    const message = String(partial?.errorMessage ?? '');
    return rejectedSpans > 0 || message ? { rejectedSpans, message } : undefined;
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
