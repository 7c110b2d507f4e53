import { describe, expect, it } from 'vitest';
import { manyServices, serviceName } from '../src/viewer/services';
import { makeSpan } from './support/spans';

const row = (service?: string) => ({ span: makeSpan(0, service === undefined ? {} : { resource: { 'service.name': service } }) });

describe('services of a trace', () => {
  it('are many only where two named services differ', () => {
    expect(manyServices([row(), row()])).toBe(false);
    expect(manyServices([row('checkout'), row(), row('checkout')])).toBe(false);
    expect(manyServices([row('checkout'), row(), row('payments')])).toBe(true);
    expect(manyServices([])).toBe(false);
  });

  it('name a span by its resource, never by its page', () => {
    expect(serviceName(row('checkout').span)).toBe('checkout');
    expect(serviceName(row().span)).toBeUndefined();
  });
});
