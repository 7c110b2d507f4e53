/**
 * The compatibility suite's site on 127.0.0.1. Every run of a case gets its own path prefix,
 * `/r/<run>/`, and the pages use relative URLs only, so everything the server receives (page,
 * scripts, API calls, beacons, CSP reports, WebSocket messages) is filed under the run that sent
 * it, and two runs can be compared even while a beacon of one is still on its way.
 *
 * - `/r/<run>/compat/<file>`: test/e2e/pages/compat, with the case's CSP (see HEADERS).
 * - `/r/<run>/lib/<package>/<path>`: the browser builds of the third-party libraries, from node_modules.
 * - `/r/<run>/bundle/<name>.js`: libraries that ship ES modules with bare imports, bundled once by esbuild.
 * - `/r/<run>/api/*`: what the pages call; `/r/<run>/csp-report`; `/r/<run>/ws` (WebSocket echo).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { build } from 'esbuild';
import { WebSocketServer } from 'ws';
import { ROOT } from './extension';
import { listenOnLoopback } from './listen';

const PAGES = join(ROOT, 'test', 'e2e', 'pages', 'compat');
const MODULES = join(ROOT, 'node_modules');
/** The packages whose files the site serves. */
const LIBRARIES = new Set(['zone.js', 'ses', 'axios', 'jquery', 'lodash', 'history', 'ky', 'pdfjs-dist', 'react', 'react-dom', 'page']);
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
};

/** Response headers of a case's page, by file name; `{report}` is the run's report URL. */
const HEADERS: Record<string, Record<string, string>> = {
  'strict-csp.html': { 'content-security-policy': "script-src 'self'; report-uri {report}" },
  'trusted-types.html': { 'content-security-policy': "require-trusted-types-for 'script'; trusted-types app; report-uri {report}" },
  // A site that allows only its own scripts and WebAssembly compiled by none.
  'strict-csp-libraries.html': { 'content-security-policy': "default-src 'self'; script-src 'self'; report-uri {report}" },
};

export interface ReceivedRequest {
  method: string;
  /** Path and query, without the run's prefix. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface RunRecord {
  requests: ReceivedRequest[];
  /** CSP violation reports, as parsed JSON bodies. */
  reports: unknown[];
  /** WebSocket frames in arrival order, as `text:…` or `binary:<hex>`. */
  socket: string[];
}

export interface CompatSite {
  origin: string;
  /** What the server received for `run` (created on first use). */
  record(run: string): RunRecord;
  close(): Promise<void>;
}

/** Bundles that esbuild writes once per site: the library's browser ESM with its bare imports resolved. */
const BUNDLES: Record<string, string> = {
  // @sentry/browser ships no browser bundle on npm, only ES modules importing @sentry/core.
  'sentry.js': "export * from '@sentry/browser';",
};

async function bundle(source: string, globalName: string): Promise<string> {
  const out = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    format: 'iife',
    globalName,
    write: false,
    minify: false,
    target: 'es2020',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** A one-page PDF whose text is `text`, with a correct cross-reference table. */
export function pdfWithText(text: string): Buffer {
  const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The body as the record keeps it: text when it is text, else its bytes in hex. */
function describeBody(body: Buffer): string {
  const text = body.toString('utf8');
  return Buffer.from(text, 'utf8').equals(body) ? text : `hex:${body.toString('hex')}`;
}

export async function startCompatSite(): Promise<CompatSite> {
  const records = new Map<string, RunRecord>();
  const record = (run: string): RunRecord => {
    let r = records.get(run);
    if (!r) records.set(run, (r = { requests: [], reports: [], socket: [] }));
    return r;
  };
  const bundles = new Map<string, Promise<string>>();
  const server: Server = createServer(async (req, res) => {
    // A Date header would differ between two runs of the same case.
    res.sendDate = false;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Answered without an error, so the browser's first visit logs no failed favicon load.
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    const match = /^\/r\/([a-z0-9-]+)(\/.*)$/.exec(url.pathname);
    if (!match) return void res.writeHead(404).end();
    const [, run, path] = match as unknown as [string, string, string];
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const runRecord = record(run);
    runRecord.requests.push({ method: req.method ?? '', path: path + url.search, headers, body: describeBody(body) });
    const q = url.searchParams;
    const send = (status: number, type: string, content: string | Buffer, extra: Record<string, string> = {}) =>
      void res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra }).end(content);
    try {
      if (path === '/csp-report') {
        runRecord.reports.push(JSON.parse(body.toString('utf8') || 'null'));
        return void res.writeHead(204).end();
      }
      if (path.startsWith('/compat/')) {
        const file = path.slice('/compat/'.length);
        if (!/^[a-z0-9-]+\.(html|js|mjs)$/.test(file)) return void res.writeHead(404).end();
        const extra = Object.fromEntries(Object.entries(HEADERS[file] ?? {}).map(([k, v]) => [k, v.replace('{report}', `/r/${run}/csp-report`)]));
        return send(200, TYPES[extname(file)]!, await readFile(join(PAGES, file)), extra);
      }
      if (path.startsWith('/lib/')) {
        const rel = normalize(path.slice('/lib/'.length));
        const pkg = rel.startsWith('@') ? rel.split(sep).slice(0, 2).join('/') : rel.split(sep)[0]!;
        if (!LIBRARIES.has(pkg) || rel.includes('..')) return void res.writeHead(404).end();
        return send(200, TYPES[extname(rel)] ?? 'application/octet-stream', await readFile(join(MODULES, rel)));
      }
      if (path.startsWith('/bundle/')) {
        const name = path.slice('/bundle/'.length);
        const source = BUNDLES[name];
        if (!source) return void res.writeHead(404).end();
        if (!bundles.has(name)) bundles.set(name, bundle(source, name.replace(/\W.*$/, '').replace(/^./, (c) => c.toUpperCase())));
        return send(200, TYPES['.js']!, await bundles.get(name)!);
      }
      if (path === '/doc.pdf') return send(200, 'application/pdf', pdfWithText('Hello from the compatibility suite'));
      switch (path) {
        case '/api/json':
          return send(200, 'application/json', '{"items":[1,2,3]}', { 'x-served-by': 'compat' });
        case '/api/echo':
          return send(200, 'application/json', JSON.stringify({ method: req.method, bytes: body.length, type: req.headers['content-type'] ?? null }));
        case '/api/status':
          return send(Number(q.get('code') ?? 500), 'application/json', JSON.stringify({ status: Number(q.get('code') ?? 500) }));
        case '/api/destroy':
          // A connection that drops without an answer: the browser's network error.
          return void req.socket.destroy();
        case '/api/seen': {
          // How many requests of this run carried ?tag=<tag>: lets a page wait for its own beacons.
          const tag = q.get('tag');
          const n = runRecord.requests.filter((r) => new URL(r.path, 'http://x').searchParams.get('tag') === tag).length;
          return send(200, 'application/json', JSON.stringify({ seen: n }));
        }
        case '/api/reports':
          return send(200, 'application/json', JSON.stringify({ reports: runRecord.reports.length }));
        case '/api/aborted':
          // Pages abort these at once; one that reaches the server waits for the abort, so the
          // browser never logs an answer that only timing let through.
          return void req.on('close', () => res.destroy());
        case '/api/stream': {
          // Three chunks, each written once the last has gone, so the page reads them one by one.
          res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
          let i = 0;
          const next = () => (i < 3 ? res.write(`chunk-${i++};`, () => setImmediate(next)) : res.end());
          return next();
        }
        case '/api/sse':
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
          // The page closes the source after the third event; the server keeps the stream open so
          // EventSource never reconnects on its own.
          res.write('retry: 600000\n\n');
          for (let i = 0; i < 3; i++) res.write(`event: ${i === 1 ? 'custom' : 'message'}\nid: ${i}\ndata: event-${i}\n\n`);
          return;
        default:
          return send(404, 'text/plain', 'not found');
      }
    } catch (error) {
      return send(500, 'text/plain', String(error));
    }
  });
  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const match = /^\/r\/([a-z0-9-]+)\/ws$/.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    // Refused with an answer, not a dropped connection: how the browser words a drop depends on timing.
    if (!match) return void socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    const runRecord = record(match[1]!);
    sockets.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data, binary) => {
        const frame = binary ? `binary:${Buffer.from(data as Buffer).toString('hex')}` : `text:${String(data)}`;
        runRecord.socket.push(frame);
        if (String(data) === 'close-me') return void ws.close(4001, 'server says bye');
        ws.send(data, { binary });
      });
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    record,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await close();
    },
  };
}
