/**
 * Ingest's step that gives a batch's spans: decoded already by the bridge's parse (made by the
 * frame's own core, Firefox), or made here by the background's core from the checked events
 * (every Chromium frame, and Firefox frames whose core failed). The core is loaded once, when
 * the first batch of events needs it, and takes the settings of each batch.
 */
import type { SpanRecord } from '../protocol/span';
import { tracerConfig, type Settings } from '../settings';
import { CoreError } from '../tracer/core';
import { Tracer, toSpans } from '../tracer/tracer';
import { itemsOf, Refused, type BatchMessage } from './refused';

export interface MadeSpans {
  spans: SpanRecord[];
  /** Spans the sampling left out. */
  sampledOut: number;
  /** The page's URL as the core redacts it. */
  pageUrl: string;
}

export class SpanMaker {
  private tracer: Promise<Tracer> | undefined;

  constructor(private readonly load: () => Promise<Tracer> = () => Tracer.load('background')) {}

  /** The spans of `message`; a batch the core refuses (a CoreError) is Refused. */
  async spansOf(message: BatchMessage, settings: Settings): Promise<MadeSpans> {
    if (message.type === 'spans') return { ...message, pageUrl: message.page.url };
    const core = await (this.tracer ??= this.load());
    try {
      core.configure(tracerConfig(settings));
      return { ...toSpans(core, message.page, message.events), pageUrl: core.writer.redactUrl(message.page.url) };
    } catch (error) {
      if (error instanceof CoreError) throw new Refused(`the core refused the batch: ${error.message}`, itemsOf(message));
      throw error;
    }
  }
}
