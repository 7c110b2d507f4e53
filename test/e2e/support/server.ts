/**
 * The test site on 127.0.0.1: the pages in test/e2e/pages under /plain/ (no CSP) and /csp/
 * (`Content-Security-Policy: script-src 'self'`, which refuses WebAssembly in Chromium content
 * scripts), and a few API routes the pages call (a WebSocket at /api/socket among them).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from './listen';
import { extname, join } from 'node:path';
import { WebSocketServer } from 'ws';

const PAGES = join(import.meta.dirname, '..', 'pages');
/** What /api/data's Server-Timing header names as the backend's trace. */
export const BACKEND_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };

export interface TestSite {
  origin: string;
  /** Requests to /api/trace, with the trace context each carried (OPTIONS preflights included). */
  traced: { method: string; query: string; traceparent?: string; tracestate?: string; page?: string }[];
  close(): Promise<void>;
}

export async function startTestSite(): Promise<TestSite> {
  const traced: TestSite['traced'] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, variant, ...rest] = url.pathname.split('/');
    if (variant === 'api') {
      req.resume();
      // The backend names its trace in Server-Timing (a malformed one on the XHR's answer).
      if (rest[0] === 'data') return void res.writeHead(200, { 'content-type': 'application/json', 'server-timing': `traceparent;desc=${BACKEND_TRACEPARENT}` }).end('{"items":[1,2,3]}');
      if (rest[0] === 'xhr') return void res.writeHead(200, { 'content-type': 'text/plain', 'server-timing': 'traceparent;desc="not-a-traceparent"' }).end('ok');
      if (rest[0] === 'slow') return void setTimeout(() => res.writeHead(200).end('late'), 2000);
      if (rest[0] === 'beacon') return void res.writeHead(204).end();
      // A body larger than the browser buffers for a page that does not read it.
      if (rest[0] === 'large') return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(8 * 1024 * 1024, 120));
      // One server-sent event, then the stream ends.
      if (rest[0] === 'events') return void res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' }).end('data: hello\n\n');
      if (rest[0] === 'trace') {
        const traceparent = req.headers.traceparent as string | undefined;
        const page = req.headers['x-page'] as string | undefined;
        const tracestate = req.headers.tracestate as string | undefined;
        traced.push({ method: req.method ?? '', query: url.search, ...(traceparent ? { traceparent } : {}), ...(tracestate ? { tracestate } : {}), ...(page ? { page } : {}) });
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }
      return void res.writeHead(404).end('not found');
    }
    const file = rest.join('/');
    if ((variant !== 'plain' && variant !== 'csp') || !/^[a-z-]+\.(html|js)$/.test(file)) {
      return void res.writeHead(404).end();
    }
    try {
      const body = await readFile(join(PAGES, file));
      const headers: Record<string, string> = { 'content-type': TYPES[extname(file)]!, 'cache-control': 'no-store' };
      if (variant === 'csp') headers['content-security-policy'] = "script-src 'self'";
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  // /api/socket: a WebSocket that answers each message with the same.
  const sockets = new WebSocketServer({ noServer: true });
  sockets.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/api/socket') return void socket.destroy();
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    traced,
    close: () => {
      for (const socket of sockets.clients) socket.terminate();
      return close();
    },
  };
}
