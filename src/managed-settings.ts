/**
 * Settings an organization sets by browser policy, and the settings in force.
 *
 * An administrator writes the same keys as the user's `settings` object into the browser's
 * policy for this extension (Chrome's `3rdparty` extension policy, Firefox's `policies.json`
 * `3rdparty.Extensions`); the browser serves them, read-only, as `storage.managed`. Every valid
 * value there overrides the user's and is locked. Two lists are the exception, because an entry
 * in them only ever takes data away: the policy's `capture.offSites` and `redaction.patterns` are
 * added to the user's own, and the user can add more but not remove the policy's. So are the
 * span rules, `rules.drop` and `rules.transform`: the policy's run first, so that the user's own
 * see spans as the organization's have made them and cannot bring back what they took out. Managed
 * `export.headers` are merged by name, the policy's winning. A value the policy gets wrong (out
 * of bounds, of the wrong type, an unknown key) is left out and reported, never guessed at.
 *
 * Read live: the settings in force are computed from both areas on every read and on every change
 * of either (Chrome fires storage.onChanged for `managed` when it reloads its policies).
 * storage.managed is read through the browser's API, not a WXT item: it is one object of unknown
 * keys, read whole, and WXT's items are one key each.
 */
import { browser } from 'wxt/browser';
import { originPatternProblem } from './propagation';
import { asRecord } from './protocol/check';
import { MAX_CAPTURE_ORIGINS, MAX_OFF_SITES } from './capture-config';
import { MAX_PATTERNS, patternProblem } from './redaction';
import { MAX_STATEMENTS, statementEntryProblem, type RuleList } from './rules/rule-source';
import { siteOf } from './sites';
import { MANAGED_SETTINGS, type ManagedKind } from './managed-schema';
import {
  COMPRESSIONS,
  DEFAULT_SETTINGS,
  EXPORT_PROTOCOLS,
  EXPORT_SIGNALS,
  endpointProblem,
  getUserSettings,
  headerProblem,
  normalizeSettings,
  numberProblem,
  SAVED_HEADER,
  watchUserSettings,
  type NumberSetting,
  type Settings,
} from './settings';

/** The settings in force, and what of them the organization's policy decides. */
export interface SettingsInForce {
  /** The user's settings with the policy's over them: what the extension applies. */
  settings: Settings;
  /** The user's own settings, as stored in storage.local. */
  user: Settings;
  /** The policy as the browser gives it (storage.managed), to apply to other settings the same way. */
  policy: Record<string, unknown>;
  /** Paths (`export.endpoint`, `propagation.origins`…) whose value the policy sets. */
  locked: ReadonlySet<string>;
  /** What the policy adds to the user's lists and headers; the user cannot take these away. */
  added: { offSites: string[]; patterns: string[]; headers: string[]; rules: { drop: string[]; transform: string[] } };
  /** Policy values left out, and why (shown in the options page). */
  problems: string[];
}

/** The policy's value at `path`, checked; `problem` when it cannot be used. */
function checked(path: string, kind: ManagedKind, value: unknown): { value: unknown } | { problem: string } {
  const bad = (why: string) => ({ problem: `${path}: ${why}` });
  switch (kind) {
    case 'number': {
      const problem = numberProblem(path as NumberSetting, value);
      return problem ? bad(problem) : { value };
    }
    case 'boolean':
      return typeof value === 'boolean' ? { value } : bad('true or false');
    case 'protocol':
    case 'compression':
    case 'signals': {
      const options: readonly string[] = kind === 'protocol' ? EXPORT_PROTOCOLS : kind === 'signals' ? EXPORT_SIGNALS : COMPRESSIONS;
      return options.includes(value as string) ? { value } : bad(`one of ${options.join(', ')}`);
    }
    case 'endpoint': {
      if (typeof value !== 'string') return bad('a URL');
      const problem = endpointProblem(value.trim());
      return problem ? bad(problem) : { value: value.trim() };
    }
    default:
      return bad('unexpected');
  }
}

/** The most entries of each list a policy may set: what the content scripts take, and the pattern and statement limits. */
const MAX_ENTRIES = { origins: MAX_CAPTURE_ORIGINS, sites: MAX_OFF_SITES, patterns: MAX_PATTERNS, statements: MAX_STATEMENTS } as const;
type ListKind = keyof typeof MAX_ENTRIES;
/** Problems listed one by one; past this many, the rest are counted. */
const MAX_PROBLEMS = 20;

/** Why an entry of a list the policy sets cannot be used, or undefined (with its stored form). */
function entryOf(kind: ListKind, item: unknown): { entry: string } | { problem: string } {
  if (typeof item !== 'string') return { problem: 'not a string' };
  if (kind === 'statements') {
    // Only what the settings cannot hold: a statement that does not compile is shown as the
    // user's are, with where it fails, in the options page and the status.
    const problem = statementEntryProblem(item);
    return problem ? { problem: `"${item.slice(0, 40)}": ${problem}` } : { entry: item };
  }
  if (kind === 'origins') {
    const problem = originPatternProblem(item);
    return problem ? { problem } : { entry: item.trim().toLowerCase() };
  }
  if (kind === 'sites') {
    const site = siteOf(item);
    return site ? { entry: site } : { problem: `"${item}" is not a site like bank.example` };
  }
  const problem = patternProblem(item);
  return problem ? { problem } : { entry: item };
}

/**
 * The valid, distinct entries of a list the policy sets (statements with their repeats), at most
 * its limit (checked only until then: a pasted list of a million costs no more than its limit),
 * and a problem for the others.
 */
function entries(path: string, kind: ListKind, value: unknown, problems: string[]): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.push(`${path}: a list of strings`);
    return undefined;
  }
  const out: string[] = [];
  const seen = new Set<string>();
  const max = MAX_ENTRIES[kind];
  for (const [i, item] of Array.from(value).entries()) {
    if (out.length === max) {
      problems.push(`${path}: at most ${max} entries; the rest (from entry ${i + 1} of ${value.length}) are left out`);
      break;
    }
    const result = entryOf(kind, item);
    if ('problem' in result) problems.push(`${path}: ${result.problem}`);
    // Statements keep their repeats: each runs where it stands.
    else if (kind === 'statements' || !seen.has(result.entry)) {
      seen.add(result.entry);
      out.push(result.entry);
    }
  }
  return out;
}

/** The policy's headers over the user's, by name whatever its case; the names the policy sets. */
function mergeHeaders(path: string, own: Record<string, string>, value: unknown, problems: string[]): { headers: Record<string, string>; names: string[] } | undefined {
  const given = asRecord(value);
  if (!given) {
    problems.push(`${path}: an object of header names and values`);
    return undefined;
  }
  // Keyed by lowercase name: one entry per header, the last writer's spelling.
  const byName = new Map(Object.entries(own).map(([name, text]) => [name.toLowerCase(), [name, text] as const]));
  const names = new Map<string, string>();
  for (const [name, text] of Object.entries(given)) {
    const problem =
      typeof text !== 'string' ? 'a string value' : text === SAVED_HEADER ? `"${SAVED_HEADER}" is the options page's placeholder, not a value` : headerProblem(name, text);
    if (problem) {
      problems.push(`${path}.${name}: ${problem}`);
      continue;
    }
    byName.set(name.toLowerCase(), [name, text as string]);
    names.set(name.toLowerCase(), name);
  }
  return { headers: Object.fromEntries(byName.values()), names: [...names.values()] };
}

/** `user` with `policy` (the whole of storage.managed) over it. Pure. */
export function applyPolicy(user: Settings, policy: unknown): SettingsInForce {
  const locked = new Set<string>();
  const added = { offSites: [] as string[], patterns: [] as string[], headers: [] as string[], rules: { drop: [] as string[], transform: [] as string[] } };
  const problems: string[] = [];
  const merged = structuredClone(user);
  const groups = merged as unknown as Record<string, Record<string, unknown>>;
  for (const [group, values] of Object.entries(asRecord(policy) ?? {})) {
    const known = asRecord((DEFAULT_SETTINGS as unknown as Record<string, unknown>)[group]);
    if (!known) {
      if (group !== 'version') problems.push(`${group}: not a setting`);
      continue;
    }
    const given = asRecord(values);
    if (!given) {
      problems.push(`${group}: an object of settings`);
      continue;
    }
    for (const [key, value] of Object.entries(given)) {
      const path = `${group}.${key}`;
      const kind = Object.hasOwn(MANAGED_SETTINGS, path) ? MANAGED_SETTINGS[path] : undefined;
      if (!kind) {
        problems.push(`${path}: not a setting`);
        continue;
      }
      if (kind === 'headers') {
        const result = mergeHeaders(path, user.export.headers, value, problems);
        if (result) [merged.export.headers, added.headers] = [result.headers, result.names];
        continue;
      }
      if (kind === 'origins' || kind === 'sites' || kind === 'patterns' || kind === 'statements') {
        const list = entries(path, kind, value, problems);
        if (!list) continue;
        if (kind === 'statements') {
          const name = key as RuleList;
          added.rules[name] = list;
          const all = [...list, ...user.rules[name]];
          if (all.length > MAX_STATEMENTS) problems.push(`${path}: with your organization's ${list.length}, ${all.length - MAX_STATEMENTS} of your own are left out (at most ${MAX_STATEMENTS} in all)`);
          merged.rules[name] = all.slice(0, MAX_STATEMENTS);
        } else if (kind === 'origins') {
          merged.propagation.origins = list;
          locked.add(path);
        } else if (kind === 'sites') {
          added.offSites = list;
          merged.capture.offSites = [...new Set([...list, ...user.capture.offSites])].slice(0, MAX_OFF_SITES);
        } else {
          added.patterns = list;
          const all = [...new Set([...list, ...user.redaction.patterns])];
          if (all.length > MAX_PATTERNS) problems.push(`redaction.patterns: with your organization's ${list.length}, ${all.length - MAX_PATTERNS} of your own are left out (at most ${MAX_PATTERNS} in all)`);
          merged.redaction.patterns = all.slice(0, MAX_PATTERNS);
        }
        continue;
      }
      const result = checked(path, kind, value);
      if ('problem' in result) {
        problems.push(result.problem);
        continue;
      }
      groups[group]![key] = result.value;
      locked.add(path);
    }
  }
  if (problems.length > MAX_PROBLEMS) problems.splice(MAX_PROBLEMS, Infinity, `and ${problems.length - MAX_PROBLEMS} more`);
  const settings = normalizeSettings(merged);
  // The policy's patterns fail closed over their time budget (src/pattern-budget.ts).
  if (added.patterns.length) settings.redaction.enforced = added.patterns;
  return { settings, user, policy: asRecord(policy) ?? {}, locked, added, problems };
}

/** storage.managed, or nothing: Firefox refuses to read it when no policy names the extension. */
export async function readPolicy(): Promise<Record<string, unknown>> {
  try {
    return asRecord(await browser.storage.managed.get(null)) ?? {};
  } catch {
    return {};
  }
}

/** The settings in force now. */
export async function readSettingsInForce(): Promise<SettingsInForce> {
  const [user, policy] = await Promise.all([getUserSettings(), readPolicy()]);
  return applyPolicy(user, policy);
}

/** The settings the extension applies: the user's with the organization's policy over them. */
export async function getSettings(): Promise<Settings> {
  return (await readSettingsInForce()).settings;
}

/** Calls `listener` each time the user's settings or the policy change, until `signal` aborts. */
export function watchSettingsInForce(listener: (inForce: SettingsInForce) => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  // Each change reads both areas again, and only the latest read is delivered.
  let reads = 0;
  const changed = () => {
    const read = ++reads;
    void readSettingsInForce().then((inForce) => read === reads && !signal.aborted && listener(inForce));
  };
  watchUserSettings(changed, signal);
  const onChanged = (_changes: unknown, area: string) => area === 'managed' && changed();
  browser.storage.onChanged.addListener(onChanged);
  signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(onChanged), { once: true });
}

/** Calls `listener` with the settings in force each time they change, until `signal` aborts. */
export function watchSettings(listener: (settings: Settings) => void, signal: AbortSignal): void {
  watchSettingsInForce((inForce) => listener(inForce.settings), signal);
}
