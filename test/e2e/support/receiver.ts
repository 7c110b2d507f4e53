/**
 * A local OTLP/HTTP trace receiver that decodes every request strictly (see test/support/otlp.ts)
 * and lets tests wait for the spans they expect. A request that fails to decode is recorded as
 * an error and answered 400, so a test waiting on spans fails with the reason.
 */
import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { listenOnLoopback } from './listen';
import { decodeJsonRequest, decodeProtobufRequest, type ReceivedSpan } from '../../support/otlp';

export interface OtlpReceiver {
  /** The traces endpoint, e.g. http://127.0.0.1:4318/v1/traces. */
  endpoint: string;
  spans: ReceivedSpan[];
  errors: string[];
  requests: { contentType: string; headers: Record<string, string | string[] | undefined> }[];
  /** Resolves with the spans once `predicate` holds; rejects after `timeoutMs`. */
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const errors: string[] = [];
  const requests: OtlpReceiver['requests'] = [];
  const waiters = new Set<() => void>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const contentType = req.headers['content-type'] ?? '';
      requests.push({ contentType, headers: req.headers });
      try {
        if (req.method !== 'POST' || req.url !== '/v1/traces') throw new Error(`unexpected ${req.method} ${req.url}`);
        const raw = Buffer.concat(chunks);
        const encoding = req.headers['content-encoding'];
        if (encoding !== undefined && encoding !== 'gzip') throw new Error(`unexpected content-encoding ${encoding}`);
        const body = new Uint8Array(encoding === 'gzip' ? gunzipSync(raw) : raw);
        if (contentType === 'application/x-protobuf') spans.push(...decodeProtobufRequest(body));
        else if (contentType === 'application/json') spans.push(...decodeJsonRequest(body));
        else throw new Error(`unexpected content-type ${contentType}`);
        res.writeHead(200, { 'content-type': contentType }).end(contentType === 'application/json' ? '{}' : '');
      } catch (error) {
        errors.push(String(error));
        res.writeHead(400).end(String(error));
      }
      for (const wake of waiters) wake();
    });
  });
  const { port, close } = await listenOnLoopback(server);

  return {
    endpoint: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    errors,
    requests,
    waitFor(predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (errors.length) return finish(new Error(`receiver rejected a request: ${errors[0]}`));
          if (predicate(spans)) finish();
        };
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(spans);
        };
        const timer = setTimeout(
          () => finish(new Error(`timed out waiting for spans; got: ${spans.map((s) => s.name).join(', ') || 'none'}`)),
          timeoutMs,
        );
        waiters.add(check);
        check();
      });
    },
    close,
  };
}
