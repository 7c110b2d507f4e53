// The OpenTelemetry JS side of the tracer benchmark (bench/tracer.ts), bundled by esbuild.
// BasicTracerProvider + BatchSpanProcessor + InMemorySpanExporter: the SDK's own batching path.
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';

/** Times `n` spans of start + 5 string attributes + end, flushed; returns ms and the spans exported. */
globalThis.otelTracer = async (n, keys, values) => {
  const exporter = new InMemorySpanExporter();
  // A queue as long as the run, so the processor drops nothing (its default drops past 2048).
  const processor = new BatchSpanProcessor(exporter, { maxQueueSize: n, maxExportBatchSize: 512 });
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('bench');
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const span = tracer.startSpan('GET', { kind: 2, startTime: i });
    span.setAttribute(keys[0], values[0]);
    span.setAttribute(keys[1], values[1]);
    span.setAttribute(keys[2], values[2]);
    span.setAttribute(keys[3], values[3]);
    span.setAttribute(keys[4], values[4]);
    span.end(i + 1);
  }
  await provider.forceFlush();
  const ms = performance.now() - started;
  const exported = exporter.getFinishedSpans().length;
  await provider.shutdown();
  return { ms, exported };
};
