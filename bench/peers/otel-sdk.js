// The smallest OpenTelemetry JS setup that exports spans from a page (bench/size.ts): the web
// provider, a batch processor and the OTLP/HTTP exporter, no instrumentation.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { WebTracerProvider } from '@opentelemetry/sdk-trace-web';

const provider = new WebTracerProvider({
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${location.origin}/v1/traces` }))],
});
provider.register();
