/**
 * The export loops of both signals (exporter.ts), driven together: the background and the UI's
 * requests schedule, run and restart them as one. Each keeps its own backoff and health, so a
 * logs collector that is down never delays the traces, nor the other way round.
 */
import type { SpanlightDB } from '../store/db';
import type { BrowserInfo } from '../otlp/resource';
import { Exporter } from './exporter';
import { SIGNALS } from '../signals';

export class Exporters {
  readonly loops: readonly Exporter[];

  constructor(db: SpanlightDB, browserInfo: BrowserInfo, send: typeof fetch = (...args) => fetch(...args)) {
    this.loops = SIGNALS.map((signal) => new Exporter(db, browserInfo, send, signal));
  }

  /** Each loop runs after `delayMs` (by default its send interval), or when its backoff ends. */
  schedule(delayMs?: number): void {
    for (const loop of this.loops) loop.schedule(delayMs);
  }

  stop(): void {
    for (const loop of this.loops) loop.stop();
  }

  /**
   * Every loop stops sending on the settings it runs with, forgets past failures and runs again
   * once `applied` is done (Exporter.restart); resolves when all are done.
   */
  async restart(applied?: Promise<unknown>): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.restart(applied)));
  }

  /** Sends everything pending, of every signal. */
  async run(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.run()));
  }
}
