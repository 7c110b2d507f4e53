/**
 * Headless Debian Chromium with the built extension, driven over its CDP pipe
 * (`--remote-debugging-pipe`) from the browser target only: unlike Playwright, which attaches to
 * every page and enables Runtime there, nothing here opens a session on a page unless asked, so
 * V8 runs the page as in a browser without DevTools (Runtime makes it record a detailed stack for
 * every error made, collecting the source positions of each function on the stack).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Params = Record<string, unknown>;
interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Params;
  result?: Params;
  error?: { message: string };
}

export class PipeBrowser {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Params) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Set<(message: Message) => void>();

  private constructor(
    private readonly process: ChildProcess,
    private readonly profile: string,
  ) {
    const input = process.stdio[4] as Readable;
    let buffered = '';
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      buffered += chunk;
      // Messages are NUL-terminated JSON.
      for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
        const message = JSON.parse(buffered.slice(0, end)) as Message;
        buffered = buffered.slice(end + 1);
        if (message.id !== undefined) {
          const call = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) call?.reject(new Error(message.error.message));
          else call?.resolve(message.result ?? {});
        } else for (const listener of this.listeners) listener(message);
      }
    });
  }

  /** Launches Chromium with the extension in `extension` (or none), in a fresh profile; resolves once the extension's service worker runs. */
  static async launch(extension?: string): Promise<PipeBrowser> {
    const profile = await mkdtemp(join(tmpdir(), 'spanlight-bench-pipe-'));
    const args = ['--headless', '--remote-debugging-pipe', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--user-data-dir=${profile}`];
    if (extension) args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
    const child = spawn(CHROMIUM, [...args, 'about:blank'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    const browser = new PipeBrowser(child, profile);
    const worker = browser.waitFor('Target.targetCreated', (p) => {
      const info = p.targetInfo as { type: string; url: string };
      return info.type === 'service_worker' && info.url.startsWith('chrome-extension://');
    });
    await browser.send('Target.setDiscoverTargets', { discover: true });
    if (extension) await worker;
    return browser;
  }

  /**
   * Opens `url` in a new tab and resolves at its load event. The tab's one session enables the
   * Page domain only (for that event): `evaluate` runs an expression without enabling Runtime.
   */
  async open(url: string): Promise<{ evaluate: (expression: string) => Promise<unknown>; close: () => Promise<void> }> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    await this.send('Page.enable', {}, sessionId);
    const loaded = this.waitFor('Page.loadEventFired', (_, from) => from === sessionId);
    await this.send('Page.navigate', { url }, sessionId);
    await loaded;
    return {
      evaluate: async (expression) => {
        const { result, exceptionDetails } = (await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId)) as {
          result: { value?: unknown };
          exceptionDetails?: { text: string };
        };
        if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
        return result.value;
      },
      close: async () => void (await this.send('Target.closeTarget', { targetId })),
    };
  }

  /** Sends a command to the browser target, or to the session `sessionId`. */
  send(method: string, params: Params = {}, sessionId?: string): Promise<Params> {
    const id = this.nextId++;
    const output = this.process.stdio[3] as Writable;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      output.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Calls `listener` with each event's params until the returned function is called. */
  on(method: string, listener: (params: Params, sessionId?: string) => void): () => void {
    const wrapped = (message: Message) => message.method === method && listener(message.params ?? {}, message.sessionId);
    this.listeners.add(wrapped);
    return () => this.listeners.delete(wrapped);
  }

  /** The params of the next event `method` that `test` accepts. */
  waitFor(method: string, test: (params: Params, sessionId?: string) => boolean = () => true): Promise<Params> {
    return new Promise((resolve) => {
      const off = this.on(method, (params, sessionId) => {
        if (!test(params, sessionId)) return;
        off();
        resolve(params);
      });
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await this.send('Browser.close').catch(() => undefined);
    await exited;
    await rm(this.profile, { recursive: true, force: true });
  }
}
