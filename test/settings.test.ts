import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, endpointProblem, normalizeSettings } from '../src/settings';

describe('settings', () => {
  it('applies defaults to nothing stored', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
  });

  it('migrates an unversioned object and keeps its values', () => {
    const old = { export: { endpoint: ' http://localhost:4318/v1/traces ', protocol: 'http/json', headers: { 'x-key': 'k', bad: 1 } } };
    expect(normalizeSettings(old)).toEqual({
      version: 1,
      export: { endpoint: 'http://localhost:4318/v1/traces', protocol: 'http/json', headers: { 'x-key': 'k' } },
      propagation: { origins: [] },
    });
  });

  it('replaces values of the wrong type with defaults instead of failing', () => {
    const s = normalizeSettings({ version: 1, export: { endpoint: 42, protocol: 'grpc' }, propagation: { origins: 'all' } });
    expect(s.export).toEqual(DEFAULT_SETTINGS.export);
    expect(s.propagation.origins).toEqual([]);
  });

  it('explains an unusable endpoint', () => {
    expect(endpointProblem('')).toBeUndefined();
    expect(endpointProblem('http://localhost:4318/v1/traces')).toBeUndefined();
    expect(endpointProblem('localhost:4318')).toMatch(/must be http or https/);
    expect(endpointProblem('not a url')).toMatch(/not a URL/);
  });
});
