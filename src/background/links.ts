/**
 * The links the background adds to spans as they arrive: a frame's page view to the top page
 * view, and a request to the backend trace its response named in `Server-Timing`.
 */
import type { PageContext } from '../protocol/bridge';
import { TRACEPARENT } from '../protocol/page';
import { BACKEND_TRACEPARENT, LINK_TYPE, LinkType, type SpanLinkRecord, type SpanRecord } from '../protocol/span';

const linkOfType = (type: (typeof LinkType)[keyof typeof LinkType], traceId: string, spanId: string, flags: number): SpanLinkRecord => ({
  traceId,
  spanId,
  flags,
  attributes: { [LINK_TYPE]: type },
});

/**
 * Adds the links `spans` carry: the backend's traceparent, carried here as an attribute, becomes
 * a link (and the attribute goes); with `top` (the spans are a frame's), each page view root links
 * to the top frame's page view.
 */
export function addLinks(spans: SpanRecord[], top: PageContext | undefined): void {
  for (const span of spans) {
    const backend = span.attributes[BACKEND_TRACEPARENT];
    if (backend !== undefined) {
      delete span.attributes[BACKEND_TRACEPARENT];
      if (typeof backend === 'string' && TRACEPARENT.test(backend)) {
        const [, traceId, spanId, flags] = backend.split('-');
        (span.links ??= []).push(linkOfType(LinkType.serverTiming, traceId!, spanId!, parseInt(flags!, 16)));
      }
    }
    if (top && !span.parentSpanId) (span.links ??= []).push(linkOfType(LinkType.topPageView, top.traceId, top.rootSpanId, 1));
  }
}
