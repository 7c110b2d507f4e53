/**
 * Settings an organization sets by browser policy, and the settings in force.
 *
 * An administrator writes the same keys as the user's `settings` object into the browser's
 * policy for this extension (Chrome's `3rdparty` extension policy, Firefox's `policies.json`
 * `3rdparty.Extensions`); the browser serves them, read-only, as `storage.managed`. Every valid
 * value there overrides the user's and is locked. Two lists are the exception, because an entry
 * in them only ever takes data away: the policy's `capture.offSites` and `redaction.patterns` are
 * added to the user's own, and the user can add more but not remove the policy's. Managed
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
import { MAX_PATTERNS, patternProblem } from './redaction';
import { siteOf } from './sites';
import { MANAGED_SETTINGS, type ManagedKind } from './managed-schema';
import {
  COMPRESSIONS,
  DEFAULT_SETTINGS,
  EXPORT_PROTOCOLS,
  endpointProblem,
  getUserSettings,
  headerNameProblem,
  normalizeSettings,
  numberProblem,
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
  added: { offSites: string[]; patterns: string[]; headers: string[] };
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
    case 'compression': {
      const options: readonly string[] = kind === 'protocol' ? EXPORT_PROTOCOLS : COMPRESSIONS;
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

/** The valid entries of a list the policy sets, and a problem for each of the others. */
function entries(path: string, kind: 'origins' | 'sites' | 'patterns', value: unknown, problems: string[]): string[] | undefined {
  if (!Array.isArray(value)) {
    problems.push(`${path}: a list of strings`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of value) {
    const text = typeof item === 'string' ? item : undefined;
    const problem =
      text === undefined
        ? 'not a string'
        : kind === 'origins'
          ? originPatternProblem(text)
          : kind === 'sites'
            ? siteOf(text)
              ? undefined
              : `"${text}" is not a site like bank.example`
            : patternProblem(text);
    if (problem) problems.push(`${path}: ${problem}`);
    else out.push(kind === 'origins' ? text!.trim().toLowerCase() : kind === 'sites' ? siteOf(text!)! : text!);
  }
  return out;
}

/** `user` with `policy` (the whole of storage.managed) over it. Pure. */
export function applyPolicy(user: Settings, policy: unknown): SettingsInForce {
  const locked = new Set<string>();
  const added = { offSites: [] as string[], patterns: [] as string[], headers: [] as string[] };
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
      const kind = MANAGED_SETTINGS[path];
      if (!kind) {
        problems.push(`${path}: not a setting`);
        continue;
      }
      if (kind === 'headers') {
        const headers = asRecord(value);
        if (!headers) {
          problems.push(`${path}: an object of header names and values`);
          continue;
        }
        for (const [name, text] of Object.entries(headers)) {
          const problem = headerNameProblem(name) ?? (typeof text === 'string' && !/[\r\n]/.test(text) ? undefined : 'a one-line string value');
          if (problem) {
            problems.push(`${path}.${name}: ${problem}`);
            continue;
          }
          // A name the user also set is the policy's now, whatever its case.
          for (const own of Object.keys(merged.export.headers)) {
            if (own.toLowerCase() === name.toLowerCase()) delete merged.export.headers[own];
          }
          merged.export.headers[name] = text as string;
          added.headers.push(name);
        }
        continue;
      }
      if (kind === 'origins' || kind === 'sites' || kind === 'patterns') {
        const list = entries(path, kind, value, problems);
        if (!list) continue;
        if (kind === 'origins') {
          merged.propagation.origins = [...new Set(list)];
          locked.add(path);
        } else if (kind === 'sites') {
          added.offSites = [...new Set(list)];
          merged.capture.offSites = [...new Set([...added.offSites, ...user.capture.offSites])];
        } else {
          const all = [...new Set([...list, ...user.redaction.patterns])];
          if (list.length > MAX_PATTERNS) problems.push(`${path}: at most ${MAX_PATTERNS} patterns; the rest are left out`);
          added.patterns = [...new Set(list)].slice(0, MAX_PATTERNS);
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
  return { settings: normalizeSettings(merged), user, policy: asRecord(policy) ?? {}, locked, added, problems };
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
