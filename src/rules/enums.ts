/**
 * The enums a span statement may name, with OTLP's numbers (ottlspan's span kind and status
 * code symbols). Spanlight stores span kinds with @opentelemetry/api's numbers, one lower than
 * OTLP's: the kind path converts (span-paths.ts).
 */
export const ENUMS: Readonly<Record<string, bigint>> = {
  SPAN_KIND_UNSPECIFIED: 0n,
  SPAN_KIND_INTERNAL: 1n,
  SPAN_KIND_SERVER: 2n,
  SPAN_KIND_CLIENT: 3n,
  SPAN_KIND_PRODUCER: 4n,
  SPAN_KIND_CONSUMER: 5n,
  STATUS_CODE_UNSET: 0n,
  STATUS_CODE_OK: 1n,
  STATUS_CODE_ERROR: 2n,
};

/** pdata's names of the OTLP span kinds (`kind.string`), by OTLP number. */
export const KIND_NAMES = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'] as const;
