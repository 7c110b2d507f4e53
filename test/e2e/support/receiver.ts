/**
 * A local OTLP/HTTP receiver of traces (/v1/traces) and logs (/v1/logs) that decodes every request
 * strictly (see test/support/otlp.ts) and lets tests wait for the spans and log records they
 * expect, and script faults: error answers (with
 * Retry-After), slow answers, connections reset mid-request, requests held open, and the whole
 * collector going down and coming back on the same port.
 * A request that fails to decode is recorded as an error and answered 400, so a test waiting on
 * spans fails with the reason.
 */
import { createServer, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { decodeJsonRequest, decodeLogsJsonRequest, decodeLogsProtobufRequest, decodeProtobufRequest, type ReceivedLog, type ReceivedSpan } from '../../support/otlp';
import { listenOnLoopback } from './listen';

/** What the receiver does with the next request. */
export type Fault =
  | { status: number; retryAfter?: string }
  | { delayMs: number }
  | { reset: true }
  /** Keep the request open until release(); it is processed, but its answer may never arrive. */
  | { hold: true }
  /** A hostile or misconfigured collector: a redirect to a login page, that page itself (200, HTML), or an endless body. */
  | { redirect: true }
  | { html: true }
  | { endless: true };

export interface ReceivedRequest {
  at: number;
  /** /v1/traces or /v1/logs. */
  path: string;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  spanIds: string[];
  /** Log records it carried (a logs request). */
  logCount: number;
  /** ok: answered 2xx; refused: answered with a scripted error (spans not accepted); lost: processed, but no answer reached the client. */
  outcome: 'ok' | 'refused' | 'lost' | 'held';
  /** For an endless answer: how much of it has been written (it stops growing when the client stops reading). */
  bodyBytesSent?: number;
}

export interface OtlpReceiver {
  /** The traces endpoint, e.g. http://127.0.0.1:4318/v1/traces. */
  endpoint: string;
  /** Spans the receiver processed (every request but those answered with a scripted error). */
  spans: ReceivedSpan[];
  /** Log records it processed, as the spans. */
  logs: ReceivedLog[];
  errors: string[];
  requests: ReceivedRequest[];
  /** Faults applied to the next requests, one each, in order. */
  faults: Fault[];
  /** Resolves with the spans once `predicate` holds; rejects after `timeoutMs`. */
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  /** Resolves with the log records once `predicate` holds; rejects after `timeoutMs`. */
  waitForLogs(predicate: (logs: ReceivedLog[]) => boolean, timeoutMs?: number): Promise<ReceivedLog[]>;
  /** Resolves once a request matches `predicate`. */
  waitForRequest(predicate: (request: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  /** Answers the held requests (if their clients are still there). */
  release(): void;
  /** The collector goes down: connections are refused until start(). */
  stop(): Promise<void>;
  /** The collector comes back, on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const logs: ReceivedLog[] = [];
  const errors: string[] = [];
  const requests: ReceivedRequest[] = [];
  const faults: Fault[] = [];
  const held: { record: ReceivedRequest; res: ServerResponse }[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((check) => check());

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const contentType = req.headers['content-type'] ?? '';
      const fault = faults.shift();
      const path = req.url ?? '';
      const record: ReceivedRequest = { at: Date.now(), path, contentType, headers: req.headers, spanIds: [], logCount: 0, outcome: 'ok' };
      requests.push(record);
      let received: ReceivedSpan[] = [];
      let receivedLogs: ReceivedLog[] = [];
      try {
        if (req.method !== 'POST' || (path !== '/v1/traces' && path !== '/v1/logs')) throw new Error(`unexpected ${req.method} ${req.url}`);
        const encoding = req.headers['content-encoding'];
        if (encoding !== undefined && encoding !== 'gzip') throw new Error(`unexpected content-encoding ${encoding}`);
        const raw = Buffer.concat(chunks);
        const body = new Uint8Array(encoding === 'gzip' ? gunzipSync(raw) : raw);
        const json = contentType === 'application/json';
        if (!json && contentType !== 'application/x-protobuf') throw new Error(`unexpected content-type ${contentType}`);
        if (path === '/v1/logs') receivedLogs = json ? decodeLogsJsonRequest(body) : decodeLogsProtobufRequest(body);
        else received = json ? decodeJsonRequest(body) : decodeProtobufRequest(body);
      } catch (error) {
        errors.push(String(error));
        res.writeHead(400).end(String(error));
        return wake();
      }
      record.spanIds = received.map((s) => s.spanId);
      record.logCount = receivedLogs.length;
      /** What the collector takes in: the spans, or the log records. */
      const accept = () => {
        spans.push(...received);
        logs.push(...receivedLogs);
      };
      if (fault && ('redirect' in fault || 'html' in fault)) {
        // Not delivery, whatever the status says: the spans are not accepted.
        record.outcome = 'refused';
        if ('redirect' in fault) res.writeHead(302, { location: '/login' }).end();
        else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title><form>…</form>');
        return wake();
      }
      if (fault && 'endless' in fault) {
        // A 2xx OTLP answer whose body never ends: the client must read a little and stop.
        accept();
        res.writeHead(200, { 'content-type': contentType });
        const chunk = Buffer.alloc(64 * 1024);
        let sent = 0;
        record.bodyBytesSent = 0;
        const more = () => {
          while (sent < 256 * 1024 * 1024 && res.write(chunk)) record.bodyBytesSent = sent += chunk.length;
          // A client that stops reading leaves it here: the socket's buffers full, no 'drain'.
          if (sent < 256 * 1024 * 1024) res.once('drain', more);
          else res.end();
        };
        more();
        return wake();
      }
      if (fault && 'status' in fault) {
        record.outcome = 'refused';
        const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
        res.writeHead(fault.status, headers).end('scripted failure');
        return wake();
      }
      accept();
      const answer = () => res.writeHead(200, { 'content-type': contentType }).end(contentType === 'application/json' ? '{}' : '');
      if (fault && 'reset' in fault) {
        record.outcome = 'lost';
        req.socket.destroy();
      } else if (fault && 'hold' in fault) {
        record.outcome = 'held';
        held.push({ record, res });
        // A client that goes away while held (a killed worker) never gets the answer.
        res.on('close', () => {
          if (record.outcome === 'held') record.outcome = 'lost';
          wake();
        });
      } else if (fault && 'delayMs' in fault) {
        setTimeout(answer, fault.delayMs);
      } else {
        answer();
      }
      wake();
    });
  });
  let { port, close } = await listenOnLoopback(server);

  const waitUntil = <T>(value: () => T | undefined, describe: () => string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        if (errors.length) return finish(new Error(`receiver rejected a request: ${errors[0]}`));
        const result = value();
        if (result !== undefined) finish(undefined, result);
      };
      const finish = (error?: Error, result?: T) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve(result as T);
      };
      const timer = setTimeout(() => finish(new Error(`timed out: ${describe()}`)), timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    endpoint: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    logs,
    errors,
    requests,
    faults,
    waitFor: (predicate, timeoutMs = 20_000) =>
      waitUntil(
        () => (predicate(spans) ? spans : undefined),
        () => `waiting for spans; got: ${spans.map((s) => s.name).join(', ') || 'none'}`,
        timeoutMs,
      ),
    waitForLogs: (predicate, timeoutMs = 20_000) =>
      waitUntil(
        () => (predicate(logs) ? logs : undefined),
        () => `waiting for log records; got: ${logs.map((l) => l.eventName).join(', ') || 'none'}`,
        timeoutMs,
      ),
    waitForRequest: (predicate, timeoutMs = 20_000) =>
      waitUntil(() => requests.find(predicate), () => `waiting for a request; got ${requests.length}`, timeoutMs),
    release() {
      for (const { record, res } of held.splice(0)) {
        if (record.outcome !== 'held' || res.destroyed) continue;
        record.outcome = 'ok';
        res.writeHead(200, { 'content-type': record.contentType }).end();
      }
    },
    stop: () => close(),
    async start() {
      ({ port, close } = await listenOnLoopback(server, port));
    },
    close: () => close(),
  };
}
