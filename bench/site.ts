/**
 * The benchmark site on 127.0.0.1: the bundles in OUT under /bundle/, generated pages, an API and
 * static resources, all no-store so every load fetches them again.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { listenOnLoopback } from '../test/e2e/support/listen';
import { OUT } from './bundle';

export interface BenchSite {
  origin: string;
  /** Serves `html` at `path`. */
  page(path: string, html: string): void;
  close(): Promise<void>;
}

const RESOURCE_TYPES: Record<string, string> = { js: 'text/javascript', css: 'text/css', svg: 'image/svg+xml' };

export async function startBenchSite(): Promise<BenchSite> {
  const pages = new Map<string, string>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'cache-control': 'no-store' };
    if (pages.has(url.pathname)) return void res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(pages.get(url.pathname));
    if (url.pathname === '/v1/traces') return void req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    if (url.pathname === '/api/data') return void res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end('{"items":[1,2,3]}');
    const bundle = /^\/bundle\/([a-z-]+\.js)$/.exec(url.pathname);
    if (bundle) {
      try {
        return void res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(await readFile(join(OUT, bundle[1]!)));
      } catch {
        return void res.writeHead(404).end();
      }
    }
    // /res/<n>.<js|css|svg>: small resources a realistic page loads.
    const resource = /^\/res\/(\d+)\.(js|css|svg)$/.exec(url.pathname);
    if (resource) {
      const [, n, type] = resource;
      const body =
        type === 'js'
          ? `window.loaded=(window.loaded||0)+1;/*${'x'.repeat(2000)}*/`
          : type === 'css'
            ? `.c${n}{color:#${n!.padStart(3, '0').slice(-3)}}/*${'x'.repeat(2000)}*/`
            : `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#${n!.padStart(3, '6').slice(-3)}"/></svg>`;
      return void res.writeHead(200, { ...headers, 'content-type': RESOURCE_TYPES[type!]! }).end(body);
    }
    res.writeHead(404).end();
  });
  const { port, close } = await listenOnLoopback(server);
  return { origin: `http://127.0.0.1:${port}`, page: (path, html) => pages.set(path, html), close };
}
