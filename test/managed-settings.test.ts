import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MANAGED_SETTINGS, managedSchema } from '../src/managed-schema';
import { applyPolicy, getSettings, readPolicy, watchSettingsInForce, type SettingsInForce } from '../src/managed-settings';
import { MAX_PATTERNS } from '../src/redaction';
import { MAX_STATEMENT_LENGTH, MAX_STATEMENTS } from '../src/rules/rule-source';
import { DEFAULT_SETTINGS, NUMBER_SETTINGS, normalizeSettings, SETTINGS_KEY, type NumberSetting, type Settings } from '../src/settings';

const ENDPOINT = 'https://otel.example.com:4318/v1/traces';
const user = (change: (s: Settings) => void = () => undefined): Settings => {
  const s = structuredClone(DEFAULT_SETTINGS);
  change(s);
  return s;
};
const at = (s: Settings, path: string) => {
  const [group, key] = path.split('.') as [string, string];
  return (s as unknown as Record<string, Record<string, unknown>>)[group]![key];
};

beforeEach(() => fakeBrowser.reset());

describe('a policy over the user settings', () => {
  it('changes nothing and locks nothing when empty', () => {
    const own = user((s) => (s.export.endpoint = 'http://localhost:4318/v1/traces'));
    expect(applyPolicy(own, {})).toEqual({ settings: own, user: own, policy: {}, locked: new Set(), added: { offSites: [], patterns: [], headers: [], rules: { drop: [], transform: [] } }, problems: [] });
    expect(applyPolicy(own, undefined).settings).toEqual(own);
  });

  it('replaces and locks each value it sets, of every kind', () => {
    const own = user((s) => {
      s.export.endpoint = 'http://localhost:4318/v1/traces';
      s.propagation.origins = ['https://mine.example'];
    });
    const result = applyPolicy(own, {
      export: { endpoint: ` ${ENDPOINT} `, protocol: 'http/json', batchSpans: 64 },
      redaction: { digits: true },
      propagation: { origins: ['HTTPS://API.Example.com'] },
    });
    expect(result.settings.export).toMatchObject({ endpoint: ENDPOINT, protocol: 'http/json', batchSpans: 64, compression: 'gzip' });
    expect(result.settings.redaction.digits).toBe(true);
    expect(result.settings.propagation.origins).toEqual(['https://api.example.com']);
    expect([...result.locked].sort()).toEqual(['export.batchSpans', 'export.endpoint', 'export.protocol', 'propagation.origins', 'redaction.digits']);
    expect(result.user).toBe(own);
    expect(result.problems).toEqual([]);
  });

  it('turns export off when it says so: an empty endpoint is a value too', () => {
    const result = applyPolicy(user((s) => (s.export.endpoint = ENDPOINT)), { export: { endpoint: '' } });
    expect(result.settings.export.endpoint).toBe('');
    expect(result.locked.has('export.endpoint')).toBe(true);
  });

  it('adds its off-sites and redaction patterns to the user’s, which cannot remove them', () => {
    const own = user((s) => {
      s.capture.offSites = ['mine.example', 'bank.example'];
      s.redaction.patterns = ['mine-\\d+'];
    });
    const result = applyPolicy(own, { capture: { offSites: ['https://*.Bank.example/login', 'hr.example'] }, redaction: { patterns: ['ZX-\\d+'] } });
    expect(result.settings.capture.offSites).toEqual(['bank.example', 'hr.example', 'mine.example']);
    expect(result.settings.redaction.patterns).toEqual(['ZX-\\d+', 'mine-\\d+']);
    // The policy's fail closed over their time budget (test/redact.test.ts): the user's do not.
    expect(result.settings.redaction.enforced).toEqual(['ZX-\\d+']);
    expect(result.added).toEqual({ offSites: ['bank.example', 'hr.example'], patterns: ['ZX-\\d+'], headers: [], rules: { drop: [], transform: [] } });
    // Neither list is locked: the user keeps adding to it.
    expect(result.locked.size).toBe(0);
    // A user who empties both lists still has the policy's.
    const emptied = applyPolicy(user(), { capture: { offSites: ['hr.example'] }, redaction: { patterns: ['ZX-\\d+'] } });
    expect(emptied.settings.capture.offSites).toEqual(['hr.example']);
    expect(emptied.settings.redaction.patterns).toEqual(['ZX-\\d+']);
  });

  it('keeps the policy’s patterns first when there are more than the limit, and says what is left out', () => {
    const own = user((s) => (s.redaction.patterns = ['mine-\\d+']));
    const many = Array.from({ length: MAX_PATTERNS + 2 }, (_, i) => `p${i}-\\d+`);
    const result = applyPolicy(own, { redaction: { patterns: many } });
    expect(result.settings.redaction.patterns).toEqual(many.slice(0, MAX_PATTERNS));
    expect(result.problems).toEqual([
      `redaction.patterns: at most ${MAX_PATTERNS} entries; the rest (from entry ${MAX_PATTERNS + 1} of ${MAX_PATTERNS + 2}) are left out`,
      `redaction.patterns: with your organization's ${MAX_PATTERNS}, 1 of your own are left out (at most ${MAX_PATTERNS} in all)`,
    ]);
    // The user's own come after the policy's, up to the limit.
    const some = applyPolicy(own, { redaction: { patterns: many.slice(0, MAX_PATTERNS - 1) } });
    expect(some.settings.redaction.patterns).toEqual([...many.slice(0, MAX_PATTERNS - 1), 'mine-\\d+']);
    expect(some.problems).toEqual([]);
    // Copies count once.
    expect(applyPolicy(own, { redaction: { patterns: Array(25).fill('ZX-\\d+') } })).toMatchObject({ problems: [], added: { patterns: ['ZX-\\d+'] } });
  });

  it('cuts lists at what the content scripts take, checking no further than that', () => {
    const sites = Array.from({ length: 10_002 }, (_, i) => `s${i}.example`);
    const result = applyPolicy(user(), { capture: { offSites: [...sites, 'not a site'] }, propagation: { origins: Array.from({ length: 1001 }, (_, i) => `https://o${i}.example`) } });
    expect(result.settings.capture.offSites).toHaveLength(10_000);
    expect(result.settings.propagation.origins).toHaveLength(1000);
    // The entry past the limit is never checked: no problem for 'not a site'.
    expect(result.problems).toEqual([
      'capture.offSites: at most 10000 entries; the rest (from entry 10001 of 10003) are left out',
      'propagation.origins: at most 1000 entries; the rest (from entry 1001 of 1001) are left out',
    ]);
  });

  it('lists at most 20 problems, and counts the rest', () => {
    const result = applyPolicy(user(), { capture: { offSites: Array.from({ length: 50 }, (_, i) => `bad site ${i}`) } });
    expect(result.problems).toHaveLength(21);
    expect(result.problems.at(-1)).toBe('and 30 more');
  });

  it('merges headers by name, whatever the case, the policy’s winning', () => {
    const own = user((s) => (s.export.headers = { Authorization: '(saved)', 'x-mine': '(saved)' }));
    const result = applyPolicy(own, { export: { headers: { authorization: 'Bearer org', 'x-team': 'qa', 'X-Team': 'qa-2' } } });
    expect(result.settings.export.headers).toEqual({ authorization: 'Bearer org', 'x-mine': '(saved)', 'X-Team': 'qa-2' });
    expect(result.added.headers).toEqual(['authorization', 'X-Team']);
  });

  it('refuses policy headers a browser cannot send, the export sets itself, or that hold the options page’s placeholder', () => {
    const result = applyPolicy(user(), {
      // As the browser hands it over: JSON, where __proto__ is a key like any other.
      export: { headers: JSON.parse('{"x-key": "tok€n", "Content-Type": "text/plain", "x-old": "(saved)", "__proto__": "x", "x-ok": "fine"}') },
    });
    expect(Object.entries(result.settings.export.headers)).toEqual([
      ['__proto__', 'x'],
      ['x-ok', 'fine'],
    ]);
    expect(Object.getPrototypeOf(result.settings.export.headers)).toBe(Object.prototype);
    expect(result.added.headers).toEqual(['__proto__', 'x-ok']);
    expect(result.problems).toEqual([
      'export.headers.x-key: the value of x-key is not one a browser can send (one line of Latin-1 characters)',
      'export.headers.Content-Type: Content-Type is set by the export itself',
      'export.headers.x-old: "(saved)" is the options page\'s placeholder, not a value',
    ]);
  });

  it('runs its span rules before the user’s, in order, repeats and statements that do not compile kept', () => {
    const own = user((s) => (s.rules = { drop: ['name == "mine"'], transform: ['set(attributes["a"], 1)'] }));
    const result = applyPolicy(own, { rules: { drop: ['name == "theirs"', 'name =='], transform: ['delete_key(attributes, "k")', 'delete_key(attributes, "k")'] } });
    expect(result.settings.rules).toEqual({
      drop: ['name == "theirs"', 'name ==', 'name == "mine"'],
      transform: ['delete_key(attributes, "k")', 'delete_key(attributes, "k")', 'set(attributes["a"], 1)'],
    });
    expect(result.added.rules).toEqual({ drop: ['name == "theirs"', 'name =='], transform: ['delete_key(attributes, "k")', 'delete_key(attributes, "k")'] });
    expect(result.locked.size).toBe(0);
    // Compile problems are the rules' to report, with where they are: the policy only checks what the settings can hold.
    expect(result.problems).toEqual([]);
    expect(result.user).toBe(own);
  });

  it('leaves out rules the settings cannot hold, and the user’s own past the limit, saying so', () => {
    const own = user((s) => (s.rules = { drop: ['name == "mine"'], transform: [] }));
    const many = Array.from({ length: MAX_STATEMENTS }, (_, i) => `name == "${i}"`);
    const result = applyPolicy(own, { rules: { drop: [...many, 'name == "more"'], transform: [7, 'x'.repeat(MAX_STATEMENT_LENGTH + 1), '  '] } });
    expect(result.settings.rules).toEqual({ drop: many, transform: [] });
    expect(result.problems).toEqual([
      `rules.drop: at most ${MAX_STATEMENTS} entries; the rest (from entry ${MAX_STATEMENTS + 1} of ${MAX_STATEMENTS + 1}) are left out`,
      `rules.drop: with your organization's ${MAX_STATEMENTS}, 1 of your own are left out (at most ${MAX_STATEMENTS} in all)`,
      'rules.transform: not a string',
      `rules.transform: "${'x'.repeat(40)}": longer than ${MAX_STATEMENT_LENGTH} characters`,
      'rules.transform: "  ": empty',
    ]);
    expect(applyPolicy(own, { rules: { drop: 'name == "x"' } }).problems).toEqual(['rules.drop: a list of strings']);
  });

  it('leaves out what it gets wrong, says why, and keeps the user’s value there', () => {
    const own = user((s) => {
      s.sampling.percent = 40;
      s.export.endpoint = ENDPOINT;
    });
    const result = applyPolicy(own, {
      sampling: { percent: 'all', slowMs: 5000 },
      export: { endpoint: 'collector:4318', protocol: 'grpc', headers: { 'bad name': 'x', ok: 'line\nbreak', n: 1 }, batchSpans: 0.5, sendStoredOnStart: 'yes', compression: 'br' },
      capture: { offSites: ['not a site', 'fine.example', 7], consoleErrors: 1 },
      propagation: { origins: 'https://api.example.com' },
      redaction: { patterns: ['(a+)+$', ''] },
      tracing: { on: true },
      retention: [1],
      limits: null,
      session: JSON.parse('{"__proto__": 5, "timeoutMinutes": 10}'),
      version: 9,
    });
    expect(result.settings.sampling).toEqual({ percent: 40, slowMs: 5000 });
    expect(result.settings.export).toEqual(own.export);
    expect(result.settings.capture).toEqual({ consoleErrors: false, offSites: ['fine.example'] });
    expect([...result.locked]).toEqual(['sampling.slowMs', 'session.timeoutMinutes']);
    expect(result.problems).toEqual([
      'sampling.percent: Page views kept whole (%): a whole number from 0 to 100',
      'export.endpoint: invalid endpoint "collector:4318": must be http or https',
      'export.protocol: one of http/protobuf, http/json',
      'export.headers.bad name: "bad name" is not a header name',
      'export.headers.ok: the value of ok is not one a browser can send (one line of Latin-1 characters)',
      'export.headers.n: a string value',
      'export.batchSpans: Spans per request: a whole number from 1 to 10000',
      'export.sendStoredOnStart: true or false',
      'export.compression: one of gzip, none',
      'capture.offSites: "not a site" is not a site like bank.example',
      'capture.offSites: not a string',
      'capture.consoleErrors: true or false',
      'propagation.origins: a list of strings',
      expect.stringMatching(/^redaction\.patterns: pattern "\(a\+\)\+\$": /),
      'redaction.patterns: pattern "": matches the empty string',
      'tracing: not a setting',
      'retention: an object of settings',
      'limits: an object of settings',
      'session.__proto__: not a setting',
    ]);
  });

  it('gives valid settings that hold every value a valid policy sets, for any user settings', () => {
    const numbers = Object.fromEntries(
      Object.entries(NUMBER_SETTINGS).map(([path, { min, max }]) => [path, fc.integer({ min, max })]),
    ) as Record<NumberSetting, fc.Arbitrary<number>>;
    const leaf = (path: string): fc.Arbitrary<unknown> => {
      switch (MANAGED_SETTINGS[path]) {
        case 'number':
          return numbers[path as NumberSetting];
        case 'boolean':
          return fc.boolean();
        case 'protocol':
          return fc.constantFrom('http/protobuf', 'http/json');
        case 'compression':
          return fc.constantFrom('gzip', 'none');
        case 'signals':
          return fc.constantFrom('traces', 'logs', 'both');
        case 'endpoint':
          return fc.constantFrom('', ENDPOINT, 'http://127.0.0.1:4318/v1/traces');
        case 'headers':
          return fc.dictionary(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9-]{0,10}$/), fc.stringMatching(/^[!-~]([ -~]{0,18}[!-~])?$/), { maxKeys: 3 });
        case 'origins':
          return fc.array(fc.constantFrom('https://api.example.com', 'https://*.example.org', 'http://localhost:8080'), { maxLength: 3 });
        case 'sites':
          return fc.array(fc.constantFrom('bank.example', 'hr.example', 'mail.example.org'), { maxLength: 3 });
        case 'statements':
          return fc.array(fc.constantFrom('name == "x"', 'delete_key(attributes, "k")', 'set(name,'), { maxLength: 3 });
        default:
          return fc.array(fc.constantFrom('ZX-\\d+', 'ticket-[a-z]+', 'secret'), { maxLength: 3 });
      }
    };
    const policy = fc
      .subarray(Object.keys(MANAGED_SETTINGS))
      .chain((paths) => fc.tuple(...paths.map((p) => leaf(p).map((v) => [p, v] as const))))
      .map((pairs) => {
        const out: Record<string, Record<string, unknown>> = {};
        for (const [path, value] of pairs) {
          const [group, key] = path.split('.') as [string, string];
          (out[group] ??= {})[key] = value;
        }
        return out;
      });
    const users = fc.record({ percent: fc.integer({ min: 0, max: 100 }), sites: fc.array(fc.constantFrom('a.example', 'bank.example')) }).map(({ percent, sites }) =>
      user((s) => {
        s.sampling.percent = percent;
        s.capture.offSites = [...new Set(sites)];
      }),
    );
    fc.assert(
      fc.property(users, policy, (own, given) => {
        const result = applyPolicy(own, given);
        expect(result.problems).toEqual([]);
        const { enforced, ...redaction } = result.settings.redaction;
        expect(normalizeSettings(result.settings)).toEqual({ ...result.settings, redaction });
        expect(enforced ?? []).toEqual(result.added.patterns);
        for (const path of result.locked) {
          const [group, key] = path.split('.') as [string, string];
          const value = given[group]![key];
          expect(at(result.settings, path)).toEqual(typeof value === 'string' ? value.trim() : Array.isArray(value) ? [...new Set(value)] : value);
        }
        for (const site of result.added.offSites) expect(result.settings.capture.offSites).toContain(site);
        for (const pattern of result.added.patterns) expect(result.settings.redaction.patterns).toContain(pattern);
        for (const list of ['drop', 'transform'] as const) expect(result.settings.rules[list]).toEqual([...result.added.rules[list], ...own.rules[list]]);
        // Each header the policy names is sent with its value: the last of the names that differ only in case.
        const policyHeaders = Object.entries((given.export?.headers ?? {}) as Record<string, string>);
        for (const name of result.added.headers) {
          expect(result.settings.export.headers[name]).toBe(policyHeaders.filter(([n]) => n.toLowerCase() === name.toLowerCase()).at(-1)![1]);
        }
        expect(new Set(Object.keys(result.settings.export.headers).map((n) => n.toLowerCase())).size).toBe(Object.keys(result.settings.export.headers).length);
        // Whatever the policy leaves alone is the user's.
        for (const path of Object.keys(MANAGED_SETTINGS)) {
          const [group, key] = path.split('.') as [string, string];
          if (given[group]?.[key] === undefined) expect(at(result.settings, path)).toEqual(at(own, path));
        }
      }),
    );
  });
});

describe('the managed schema', () => {
  it('names every setting with its type, and leaves bounds and options to Spanlight’s own check', () => {
    const leaves = Object.entries(DEFAULT_SETTINGS).flatMap(([group, values]) =>
      typeof values === 'object' ? Object.keys(values as object).map((key) => `${group}.${key}`) : [],
    );
    expect(Object.keys(MANAGED_SETTINGS).sort()).toEqual(leaves.sort());
    const schema = managedSchema() as { type: string; properties: Record<string, { type: string; properties: Record<string, Record<string, unknown>> }> };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).filter((k) => k !== 'version').sort());
    for (const path of leaves) {
      const [group, key] = path.split('.') as [string, string];
      const entry = schema.properties[group]!.properties[key]!;
      const value = at(DEFAULT_SETTINGS, path);
      const type = Array.isArray(value) ? 'array' : typeof value;
      expect(entry.type, path).toBe(type);
      // Types only: Chromium drops a whole group for one value out of bounds, where Spanlight's
      // own check leaves out that value alone and says why.
      expect(Object.keys(entry).filter((k) => ['minimum', 'maximum', 'enum', 'pattern'].includes(k)), path).toEqual([]);
      if (path in NUMBER_SETTINGS) {
        const { min, max } = NUMBER_SETTINGS[path as NumberSetting];
        expect(entry.description, path).toBe(`A whole number from ${min} to ${max}.`);
      }
    }
  });
});

describe('the settings in force, read live', () => {
  it('reads the policy over the user settings, and nothing when the browser refuses to read a policy', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { sampling: { percent: 40 } } });
    await fakeBrowser.storage.managed.set({ export: { endpoint: ENDPOINT } });
    expect(await getSettings()).toMatchObject({ export: { endpoint: ENDPOINT }, sampling: { percent: 40 } });
    // Firefox, with no policy for the extension: "Managed storage manifest not found".
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValueOnce(new Error('Managed storage manifest not found'));
    expect(await readPolicy()).toEqual({});
  });

  it('tells the listener when either the user settings or the policy change, until aborted', async () => {
    const seen: SettingsInForce[] = [];
    const controller = new AbortController();
    watchSettingsInForce((s) => seen.push(s), controller.signal);
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { sampling: { percent: 40 } } });
    await vi.waitFor(() => expect(seen.at(-1)?.settings.sampling.percent).toBe(40));
    await fakeBrowser.storage.managed.set({ sampling: { percent: 10 } });
    await vi.waitFor(() => expect(seen.at(-1)?.settings.sampling.percent).toBe(10));
    expect(seen.at(-1)?.locked.has('sampling.percent')).toBe(true);
    expect(seen.at(-1)?.user.sampling.percent).toBe(40);
    controller.abort();
    const count = seen.length;
    await fakeBrowser.storage.managed.set({ sampling: { percent: 20 } });
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { sampling: { percent: 30 } } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.length).toBe(count);
  });
});
