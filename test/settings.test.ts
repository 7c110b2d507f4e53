import { describe, expect, it } from 'vitest';
import { parseCaptureConfig } from '../src/capture-config';
import { patternProblem } from '../src/redaction';
import { MAX_STATEMENT_LENGTH, MAX_STATEMENTS } from '../src/rules/rule-source';
import { captureOff, hostOf, siteOf, siteProblem } from '../src/sites';
import { DEFAULT_SETTINGS, captureConfig, endpointProblem, formatHeaderLines, normalizeSettings, numberProblem, parseHeaderLines, tracerConfig } from '../src/settings';

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
    expect(s.limits).toEqual({ attributes: 128, valueLength: 256, spansPerPageView: 20_000, originMegabytes: 256, tabMegabytes: 512 });
    expect(tracerConfig(s)).toEqual({ sampleRatio: 0.25, slowMs: 2000, maxAttributes: 128, maxValueLength: 256 });
  });

  it('keeps the tab share within bounds and sends stored spans on start only when asked', () => {
    expect(normalizeSettings({ limits: { tabMegabytes: 64 } }).limits.tabMegabytes).toBe(64);
    expect(normalizeSettings({ limits: { tabMegabytes: 0 } }).limits.tabMegabytes).toBe(512);
    expect(numberProblem('limits.tabMegabytes', 100_001)).toBe('Storage per tab (MB): a whole number from 1 to 100000');
    expect(normalizeSettings({}).export.sendStoredOnStart).toBe(false);
    expect(normalizeSettings({ export: { sendStoredOnStart: 'yes' } }).export.sendStoredOnStart).toBe(false);
    expect(normalizeSettings({ export: { sendStoredOnStart: true } }).export.sendStoredOnStart).toBe(true);
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

describe('sites where capture is off', () => {
  it('reads what a user types as a host name, and refuses what is not one', () => {
    expect(siteOf(' https://*.Bank.example:8443/login?x=1 ')).toBe('bank.example');
    expect(siteOf('localhost')).toBe('localhost');
    expect(siteOf('127.0.0.1')).toBe('127.0.0.1');
    expect(siteOf('www.bank.example.')).toBe('www.bank.example');
    for (const bad of ['', 'bank..example', '-bank.example', 'bank example', 'https://', `${'a'.repeat(64)}.example`]) {
      expect(siteOf(bad), bad).toBeUndefined();
      expect(siteProblem(bad)).toContain('is not a site');
    }
  });

  it('covers a site and its subdomains, not look-alikes', () => {
    const sites = ['bank.example'];
    expect(captureOff('bank.example', sites)).toBe(true);
    expect(captureOff('www.Bank.example', sites)).toBe(true);
    expect(captureOff('evilbank.example', sites)).toBe(false);
    expect(captureOff('bank.example.evil', sites)).toBe(false);
    expect(captureOff('bank.example', [])).toBe(false);
    expect(hostOf('https://www.bank.example/a')).toBe('www.bank.example');
    expect(hostOf('not a url')).toBe('');
  });

  it('are stored normalized and de-duplicated, and reach the content scripts', () => {
    const s = normalizeSettings({ version: 1, capture: { offSites: ['Bank.example', 'https://bank.example/', 7, 'not a site!'] } });
    expect(s.capture.offSites).toEqual(['bank.example']);
    expect(parseCaptureConfig(JSON.parse(JSON.stringify(captureConfig(s)))).offSites).toEqual(['bank.example']);
    expect(parseCaptureConfig({ offSites: 'bank.example' }).offSites).toEqual([]);
  });

  it('never hands the export headers to the content scripts', () => {
    const s = normalizeSettings({ export: { endpoint: 'https://collector.example/v1/traces', headers: { authorization: 'Bearer secret-key' } } });
    expect(JSON.stringify(captureConfig(s))).not.toContain('secret-key');
    expect(JSON.stringify(captureConfig(s))).not.toContain('collector.example');
  });
});

describe('span rules', () => {
  it('are empty by default', () => {
    expect(DEFAULT_SETTINGS.rules).toEqual({ drop: [], transform: [] });
    expect(normalizeSettings({}).rules).toEqual({ drop: [], transform: [] });
    expect(normalizeSettings({ rules: 'drop everything' }).rules).toEqual({ drop: [], transform: [] });
  });

  it('keep statements that do not compile, for the user to fix, and leave out what is not a statement', () => {
    const stored = { rules: { drop: ['name == "a"', 'name ==', 7, null, '', 'x'.repeat(MAX_STATEMENT_LENGTH + 1)], transform: 'set(name, "x")' } };
    expect(normalizeSettings(stored).rules).toEqual({ drop: ['name == "a"', 'name =='], transform: [] });
    const longest = `name == "${'x'.repeat(MAX_STATEMENT_LENGTH - 10)}"`;
    expect(normalizeSettings({ rules: { drop: [longest], transform: ['set(name,\n  "multi-line")'] } }).rules).toEqual({ drop: [longest], transform: ['set(name,\n  "multi-line")'] });
  });

  it(`keep the first ${MAX_STATEMENTS} of a list`, () => {
    const many = Array.from({ length: MAX_STATEMENTS + 5 }, (_, i) => `name == "${i}"`);
    expect(normalizeSettings({ rules: { drop: [], transform: many } }).rules.transform).toEqual(many.slice(0, MAX_STATEMENTS));
  });
});

describe('redaction rules', () => {
  it('keep valid patterns and drop broken ones', () => {
    const s = normalizeSettings({ redaction: { emails: false, digits: true, patterns: ['uid=\\w+', '(', 'x*', 7] } });
    expect(s.redaction).toEqual({ emails: false, digits: true, patterns: ['uid=\\w+'] });
    expect(normalizeSettings({}).redaction).toEqual({ emails: true, digits: false, patterns: [] });
  });

  it('explain a pattern that cannot be used', () => {
    expect(patternProblem('(')).toMatch(/^pattern "\(": /);
    expect(patternProblem('a*')).toBe('pattern "a*": matches the empty string');
    expect(patternProblem('x'.repeat(201))).toMatch(/longer than 200 characters/);
    expect(patternProblem('ssn=\\d+')).toBeUndefined();
  });
});
