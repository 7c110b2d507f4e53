/**
 * The services of a trace read from a file (their `service.name`): shown on each row where a
 * trace holds more than one, as an imported backend trace does. Live traces are one page's.
 */
import type { SpanRecord } from '../protocol/span';

/** The service a span came from, where its resource names one. */
export const serviceName = (span: Pick<SpanRecord, 'resource'>): string | undefined => {
  const name = span.resource?.['service.name'];
  return name === undefined ? undefined : String(name);
};

/** Whether the rows' spans come from more than one named service. */
export function manyServices(rows: readonly { span: Pick<SpanRecord, 'resource'> }[]): boolean {
  let first: string | undefined;
  for (const { span } of rows) {
    const name = serviceName(span);
    if (name === undefined) continue;
    if (first === undefined) first = name;
    else if (name !== first) return true;
  }
  return false;
}
