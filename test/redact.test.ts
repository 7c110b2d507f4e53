import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SpanWriter } from '../src/tracer/span-writer';
import { Tracer, toSpans } from '../src/tracer/tracer';
import { DEFAULT_REDACTION, parseRedaction, patternProblem, redactSpans, redactor, REDACTED, type RedactionRules } from '../src/redaction';
import { redactEmails, type ScanMeter } from '../src/redact-emails';
import { PATTERN_BUDGET_MS, type DisabledPatterns } from '../src/pattern-budget';
import { readStatus } from '../src/status';
import { modelCore } from './support/core-model-exports';
import { makeSpan } from './support/spans';

// The WASM core and its reference model (test/core-model.test.ts compares them at random).
const writers = [
  ['WASM core', (await Tracer.load('content')).writer],
  ['reference model of the core', new SpanWriter(modelCore(0, 0))],
] as const;

describe.each(writers)('URL redaction in the %s', (_, writer) => {
  it.each([
    ['https://a.example/p?token=abc&q=shoes', 'https://a.example/p?token=REDACTED&q=shoes'],
    ['https://a.example/p?api_key=1&Password=2&x=3', 'https://a.example/p?api_key=REDACTED&Password=REDACTED&x=3'],
    ['https://a.example/cb#access_token=xyz&state=1', 'https://a.example/cb#access_token=REDACTED&state=1'],
    ['https://user:pw@a.example/', 'https://a.example/'],
    ['https://user@a.example/p?email=x@y.z', 'https://a.example/p?email=x@y.z'],
    ['https://a.example/p@q?x=1', 'https://a.example/p@q?x=1'],
    ['https://a.example/p?session%5Fid=9', 'https://a.example/p?session%5Fid=REDACTED'],
    ['https://a.example/p?%E2%9C%93=1&auth=%E2%9C%93', 'https://a.example/p?%E2%9C%93=1&auth=REDACTED'],
    ['https://a.example/p?a=1&&code=&b', 'https://a.example/p?a=1&&code=REDACTED&b'],
    ['https://a.example/ü?key=ü#x', 'https://a.example/ü?key=REDACTED#x'],
    ['https://a.example/#section-2', 'https://a.example/#section-2'],
    ['/relative?token=1', '/relative?token=REDACTED'],
    [`https://a.example/p?${'x'.repeat(300)}_token=1`, `https://a.example/p?${'x'.repeat(300)}_token=REDACTED`],
    ['https://a.example/p?se+ssion=1&a+b=2', 'https://a.example/p?se+ssion=1&a+b=2'],
  ])('redacts %s', (input, expected) => {
    expect(writer.redactUrl(input)).toBe(expected);
  });

  it('leaves a string that is not a URL alone', () => {
    expect(writer.redactUrl('not a url')).toBe('not a url');
  });

  it('replaces whole a URL too long for the core', () => {
    expect(writer.redactUrl(`https://a.example/?q=${'x'.repeat(20_000)}`)).toBe('REDACTED');
  });

  it('redacts every URL of the longest the page side passes (4096 units, serialized: ASCII), and replaces whole one that is not', () => {
    const head = 'https://a.example/p?q=';
    const tail = '&token=abc';
    const longest = head + 'x'.repeat(4096 - head.length - tail.length) + tail;
    expect(longest).toHaveLength(4096);
    expect(writer.redactUrl(longest)).toBe(longest.replace('token=abc', 'token=REDACTED'));
    // Text a page wrote itself, not serialized: over the core's bytes, so nothing of it is kept.
    expect(writer.redactUrl(head + 'é'.repeat(2100) + tail)).toBe('REDACTED');
    // The largest output: every pair a secret with no value, each growing 2.6 times.
    const pairs = `https://a.example/?${'key=&'.repeat(815)}`;
    expect(pairs.length).toBeLessThanOrEqual(4096);
    expect(writer.redactUrl(pairs)).toBe(`https://a.example/?${'key=REDACTED&'.repeat(815)}`);
  });
});

describe('redaction patterns, applied as the background receives a batch', () => {
  const page = { traceId: '0af7651916cd43dd8448eb211c80319c', rootSpanId: 'b7ad6b7169203331', timeOrigin: 1_700_000_000_000 };
  const spansWith = async (rules: RedactionRules) => {
    const batch = toSpans(await Tracer.load('background'), { ...page, url: 'https://shop.example/u/ann@example.com?order=4111 1111 1111 1111' }, [
      { type: 'http', api: 'fetch', method: 'GET', url: 'https://api.example/v1?to=bob%40example.org&account=123456789&token=t', start: 1, end: 2, status: 200 },
      { type: 'error', kind: 'error', errorType: 'Error', message: 'no user carol@example.net, ticket SSN-42', time: 3 },
    ]);
    const redact = redactor(rules);
    if (redact) redactSpans(batch.spans, redact);
    return batch;
  };

  it('remove emails by default, after the core removed secret parameters, from every string of a span', async () => {
    const { spans } = await spansWith(DEFAULT_REDACTION);
    const text = JSON.stringify(spans);
    expect(text).not.toMatch(/ann@|bob%40|carol@|token=t/);
    expect(text).toContain('https://api.example/v1?to=REDACTED&account=123456789&token=REDACTED');
    expect(spans[0]!.pageUrl).toBe('https://shop.example/u/REDACTED?order=4111 1111 1111 1111');
  });

  it('remove long digit runs and the user own patterns when asked, and nothing when all are off', async () => {
    const { spans } = await spansWith({ emails: false, digits: true, patterns: ['ssn-\\d+'] });
    const text = JSON.stringify(spans);
    expect(spans[0]!.pageUrl).toBe('https://shop.example/u/ann@example.com?order=REDACTED');
    expect(text).toContain('account=REDACTED');
    expect(text).toContain('ticket REDACTED');
    const none = JSON.stringify((await spansWith({ emails: false, digits: false, patterns: [] })).spans);
    expect(none).toContain('carol@example.net');
    expect(none).toContain('SSN-42');
  });

  it('leave strings without a match as they are', () => {
    const redact = redactor({ emails: true, digits: true, patterns: ['secret'] })!;
    for (const text of ['GET /api/items', 'order 12345678', 'a @ b', 'https://a.example/?q=1']) expect(redact(text)).toBe(text);
    expect(redactor({ emails: false, digits: false, patterns: [] })).toBeUndefined();
  });
});

/** The email rule as a regular expression, as it was: the reference the scanner must agree with. */
const EMAIL_REGEX = /[\w.%+-]+(?:@|%40)[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}/gi;

/** Strings a page could send to make a backtracking email or digit rule take quadratic time or worse. */
const adversarial = (length: number) => ({
  'word run then @': 'a'.repeat(length - 1) + '@',
  '@ then word run': 'a@' + 'a'.repeat(length - 2),
  'many %40 without a domain': '%40'.repeat(Math.floor(length / 3)),
  'dotted run then @': 'a.'.repeat(length / 2 - 1) + 'a@',
  'domain of empty labels': 'a@' + 'a.'.repeat(length / 2 - 1),
  'labels without a tld': 'a@a' + '.1'.repeat(length / 2 - 2),
  'emails back to back': 'a%40bc.de'.repeat(Math.floor(length / 9)),
});

describe('the email rule', () => {
  it('finds exactly what the regular expression found, on 50,000 random strings', () => {
    const alphabet = 'aZ9_.%+-@40.cd -x%40';
    let seed = 1;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 50_000; n++) {
      let text = '';
      for (let i = Math.floor(random() * 24); i > 0; i--) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(redactEmails(text, REDACTED), JSON.stringify(text)).toBe(text.replace(EMAIL_REGEX, REDACTED));
    }
  });

  it.each([
    ['ann@example.com', 'REDACTED'],
    ['to=bob%40example.org&x=1', 'to=REDACTED&x=1'],
    ['a@b.com123 and c.d@e.co.uk.', 'REDACTED123 and REDACTED.'],
    ['x%40y%40b.c1.com', 'REDACTED'],
    ['no@tld, no@dots.1, @example.com', 'no@tld, no@dots.1, @example.com'],
  ])('redacts %s as the regular expression did', (text, expected) => {
    expect(redactEmails(text, REDACTED)).toBe(expected);
    expect(text.replace(EMAIL_REGEX, REDACTED)).toBe(expected);
  });

  it.each(Object.keys(adversarial(16)))('reads each character a bounded number of times: %s', (name) => {
    for (const length of [1024, 16_384]) {
      const text = adversarial(length)[name as keyof ReturnType<typeof adversarial>];
      const meter: ScanMeter = { steps: 0 };
      redactEmails(text, REDACTED, meter);
      // A backtracking match reads a run once per split of it: ~n²/2 steps, 134M at 16 KB.
      expect(meter.steps).toBeLessThanOrEqual(6 * text.length + 8);
    }
  });

  it('redacts the adversarial strings as the regular expression does', () => {
    for (const text of Object.values(adversarial(300))) expect(redactEmails(text, REDACTED)).toBe(text.replace(EMAIL_REGEX, REDACTED));
  });
});

describe('user patterns', () => {
  it.each([
    ['(a+)+', 'a repeated group holds a quantifier or an alternation'],
    ['(x|xy)*z', 'a repeated group holds a quantifier or an alternation'],
    ['(?:\\d{2})+', undefined],
    ['\\d+\\d*x', 'two quantifiers can match the same characters'],
    ['token=.*;.*', 'two quantifiers can match the same characters'],
    ['[a-z]+[A-Z0-9]+', 'two quantifiers can match the same characters'],
    ['(\\w+)=\\1', 'backreferences are not allowed'],
    ['secret(?=\\d)', 'lookarounds are not allowed'],
    ['ssn-\\d+', undefined],
    ['token=[^&]+', undefined],
    ['[\\w.]+@corp\\.example', undefined],
    ['https?://[^/]+/private/\\d+', undefined],
    ['(?<id>user-\\d{4,12})', undefined],
  ])('checks %s before accepting it', (pattern, problem) => {
    const issue = patternProblem(pattern);
    if (problem) expect(issue).toContain(problem);
    else expect(issue).toBeUndefined();
  });

  it('reads every valid pattern, never throwing (settings are checked on every read)', () => {
    const alphabet = ['a', 'b', '\\d', '\\w', '.', '*', '+', '?', '{2}', '{1,}', '(', ')', '(?:', '(?<n>', '[', ']', '^', '-', '|', '\\', '\\1', '(?=', 'x'];
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    let valid = 0;
    for (let n = 0; n < 20_000; n++) {
      let pattern = '';
      for (let i = 1 + Math.floor(random() * 10); i > 0; i--) pattern += alphabet[Math.floor(random() * alphabet.length)];
      try {
        new RegExp(pattern);
      } catch {
        continue;
      }
      valid++;
      // Every valid pattern is read: none is refused only for being beyond this check.
      expect(patternProblem(pattern) ?? '').not.toContain('could not be checked');
    }
    expect(valid).toBeGreaterThan(1000);
  });

  it('drops a stored pattern that can backtrack catastrophically, and keeps the others', () => {
    expect(parseRedaction({ patterns: ['(a+)+b', 'ssn-\\d+'] }).patterns).toEqual(['ssn-\\d+']);
  });

  describe('time budget', () => {
    beforeEach(() => fakeBrowser.reset());

    /** A clock that moves `step` ms at each reading: each pattern's call takes `step` ms. */
    const ticking = (step: number) => {
      let now = 0;
      return () => (now += step);
    };
    const spansHolding = (count: number, text: string) => Array.from({ length: count }, (_, i) => makeSpan(i, { name: text, attributes: {}, events: [] }));

    it('turns off a pattern whose time over one batch goes over the budget, and says so in the status', async () => {
      const disabled: DisabledPatterns = new Map();
      const rules = { emails: true, digits: false, patterns: ['slow-\\d+', 'fast-\\d+'] };
      // Each call reads the clock twice: 1 ms a call.
      const redact = redactor(rules, { clock: ticking(0.5), disabled })!;
      const text = 'ann@example.com slow-1 fast-2';

      // Many batches under the budget: nothing is turned off, whatever their total.
      for (let batch = 0; batch < 5; batch++) {
        const spans = spansHolding(PATTERN_BUDGET_MS / 2 - 1, text);
        redactSpans(spans, redact);
        expect(spans.every((s) => s.name === 'REDACTED REDACTED REDACTED')).toBe(true);
      }
      expect(disabled.size).toBe(0);

      // A batch over it: both patterns took the same time, so both go (the first one first).
      const spans = spansHolding(PATTERN_BUDGET_MS + 10, text);
      redactSpans(spans, redact);
      expect(spans[0]!.name).toBe('REDACTED REDACTED REDACTED');
      expect(spans.at(-1)!.name).toBe('REDACTED slow-1 fast-2');
      expect([...disabled.keys()]).toEqual(['slow-\\d+', 'fast-\\d+']);
      await expect.poll(async () => (await readStatus()).disabledPatterns.map((p) => p.pattern)).toEqual(['slow-\\d+', 'fast-\\d+']);

      // Off for the rest of the background's life: rules compiled again keep it off.
      const again = redactor(rules, { clock: ticking(0), disabled })!;
      expect(again('slow-1 fast-2 bob@example.org')).toBe('slow-1 fast-2 REDACTED');
    });

    it('fails closed for a pattern the organization enforces: over its budget, what it checks is stored as REDACTED whole', async () => {
      const disabled: DisabledPatterns = new Map();
      const rules = { emails: false, digits: false, patterns: ['own-\\d+', 'org-\\d+'], enforced: ['org-\\d+'] };
      const redact = redactor(rules, { clock: ticking(0.5), disabled })!;
      // A page feeds slow strings to push both patterns over their budget in one batch.
      redactSpans(spansHolding(PATTERN_BUDGET_MS + 10, 'x'.repeat(10)), redact);
      expect([...disabled.keys()]).toEqual(['own-\\d+', 'org-\\d+']);
      // The user's own pattern is off; the enforced one now hides every string it would have checked.
      const later = spansHolding(1, 'employee org-123 own-456');
      redactSpans(later, redact);
      expect(later[0]!.name).toBe('REDACTED');
      const again = redactor(rules, { clock: ticking(0), disabled })!;
      expect(again('org-9 own-9')).toBe('REDACTED');
      expect(again('')).toBe('');
      await expect.poll(async () => (await readStatus()).disabledPatterns).toEqual([
        expect.objectContaining({ pattern: 'own-\\d+' }),
        expect.objectContaining({ pattern: 'org-\\d+', enforced: true }),
      ]);
      expect((await readStatus()).disabledPatterns[0]).not.toHaveProperty('enforced');
    });

    it('times each pattern on its own: a fast one stays on beside a slow one', () => {
      const disabled: DisabledPatterns = new Map();
      // The clock is read before and after each pattern, in order: the first pattern's calls take
      // 30 ms each, the second's nothing (and once the first is off, time stands still).
      let readings = 0;
      let now = 0;
      const clock = () => (!disabled.has('slow') && readings++ % 4 === 1 ? (now += 30) : now);
      const redact = redactor({ emails: false, digits: false, patterns: ['slow', 'fast'] }, { clock, disabled })!;
      const spans = spansHolding(10, 'slow fast');
      redactSpans(spans, redact);
      expect([...disabled.keys()]).toEqual(['slow']);
      expect(disabled.get('slow')!.ms).toBeGreaterThan(PATTERN_BUDGET_MS);
      expect(spans.at(-1)!.name).toBe('slow REDACTED');
    });
  });
});
