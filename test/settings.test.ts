import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, endpointProblem, formatHeaderLines, normalizeSettings, numberProblem, parseHeaderLines, tracerConfig } from '../src/settings';

describe('settings', () => {
  it('applies defaults to nothing stored', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
  });

  it('migrates an unversioned object and keeps its values', () => {
    const old = { export: { endpoint: ' http://localhost:4318/v1/traces ', protocol: 'http/json', headers: { 'x-key': 'k', bad: 1 } } };
    expect(normalizeSettings(old)).toEqual({
      ...DEFAULT_SETTINGS,
      export: { ...DEFAULT_SETTINGS.export, endpoint: 'http://localhost:4318/v1/traces', protocol: 'http/json', headers: { 'x-key': 'k' } },
    });
  });

  it('replaces values of the wrong type with defaults instead of failing', () => {
    const s = normalizeSettings({ version: 1, export: { endpoint: 42, protocol: 'grpc' }, propagation: { origins: 'all' } });
    expect(s.export).toEqual(DEFAULT_SETTINGS.export);
    expect(s.propagation.origins).toEqual([]);
  });

  it('replaces numbers out of bounds with their defaults and explains why they are refused', () => {
    const s = normalizeSettings({ export: { batchSpans: 0, intervalSeconds: 2.5, batchKilobytes: 64 }, retention: { maxSpans: 'many' } });
    expect(s.export.batchSpans).toBe(512);
    expect(s.export.intervalSeconds).toBe(5);
    expect(s.export.batchKilobytes).toBe(64);
    expect(s.retention.maxSpans).toBe(1_000_000);
    expect(numberProblem('export.batchSpans', 20_000)).toBe('Spans per request: a whole number from 1 to 10000');
    expect(numberProblem('retention.maxAgeDays', 30)).toBeUndefined();
  });

  it('keeps sampling and limits within bounds and hands them to the core as a ratio', () => {
    const s = normalizeSettings({ sampling: { percent: 25, slowMs: -1 }, limits: { attributes: 500, valueLength: 256 } });
    expect(s.sampling).toEqual({ percent: 25, slowMs: 2000 });
    expect(s.limits).toEqual({ attributes: 128, valueLength: 256 });
    expect(tracerConfig(s)).toEqual({ sampleRatio: 0.25, slowMs: 2000, maxAttributes: 128, maxValueLength: 256 });
  });

  it('explains an unusable endpoint', () => {
    expect(endpointProblem('')).toBeUndefined();
    expect(endpointProblem('http://localhost:4318/v1/traces')).toBeUndefined();
    expect(endpointProblem('localhost:4318')).toMatch(/must be http or https/);
    expect(endpointProblem('not a url')).toMatch(/not a URL/);
  });
});

describe('header lines', () => {
  it('parses Name: value lines and formats them back', () => {
    const parsed = parseHeaderLines('x-api-key: abc:def\n\n Authorization : Bearer t \n');
    expect(parsed).toEqual({ headers: { 'x-api-key': 'abc:def', Authorization: 'Bearer t' } });
    expect(formatHeaderLines({ a: '1', b: '2' })).toBe('a: 1\nb: 2');
  });

  it('names the line that is not a header', () => {
    expect(parseHeaderLines('good: 1\nno colon here')).toEqual({ problem: 'header line 2: expected "Name: value"' });
    expect(parseHeaderLines('bad name: 1')).toEqual({ problem: 'header line 1: expected "Name: value"' });
  });
});
