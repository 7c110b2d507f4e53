/**
 * Which settings an organization's policy may set, and the schema Chrome checks a policy against
 * (the manifest's `storage.managed_schema`; Chrome hands an extension no managed storage without
 * one). Written at build time from the settings' own bounds, so the two cannot drift apart.
 * Firefox reads no schema: managed-settings.ts checks every value in both browsers.
 *
 * The schema gives types only, no bounds or options: Chromium checks each group (`export`,
 * `capture`…) as one policy and drops the whole group for one value that fails, which would leave
 * the rest of it, and the user, unaware. A value of the right type but out of bounds reaches
 * managed-settings.ts, which leaves out that value alone and says why. Numbers are `number`, not
 * `integer`, for the same reason (a policy tool may write 64 as 64.0).
 */
import { COMPRESSIONS, DEFAULT_SETTINGS, EXPORT_PROTOCOLS, EXPORT_SIGNALS, NUMBER_SETTINGS, type NumberSetting } from './settings';

/** How a setting's value is checked, and whether the policy's replaces the user's or adds to it. */
export type ManagedKind = 'number' | 'boolean' | 'endpoint' | 'protocol' | 'compression' | 'signals' | 'headers' | 'origins' | 'sites' | 'patterns' | 'statements';

/** Every setting a policy may set, by its path (`group.key`): all of them. */
export const MANAGED_SETTINGS: Record<string, ManagedKind> = (() => {
  const kinds: Record<string, ManagedKind> = {
    'export.endpoint': 'endpoint',
    'export.logsEndpoint': 'endpoint',
    'export.signals': 'signals',
    'export.protocol': 'protocol',
    'export.compression': 'compression',
    'export.headers': 'headers',
    'propagation.origins': 'origins',
    'capture.offSites': 'sites',
    'redaction.patterns': 'patterns',
    'rules.drop': 'statements',
    'rules.transform': 'statements',
  };
  for (const [group, values] of Object.entries(DEFAULT_SETTINGS)) {
    if (typeof values !== 'object') continue; // version
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      const path = `${group}.${key}`;
      if (path in NUMBER_SETTINGS) kinds[path] = 'number';
      else if (typeof value === 'boolean') kinds[path] = 'boolean';
    }
  }
  return kinds;
})();

type Schema = Record<string, unknown>;

function leafSchema(path: string, kind: ManagedKind): Schema {
  const strings = (description: string): Schema => ({ type: 'array', items: { type: 'string' }, description });
  switch (kind) {
    case 'number': {
      const { label, min, max } = NUMBER_SETTINGS[path as NumberSetting];
      return { type: 'number', title: label, description: `A whole number from ${min} to ${max}.` };
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'protocol':
      return { type: 'string', description: `One of ${EXPORT_PROTOCOLS.join(', ')}.` };
    case 'compression':
      return { type: 'string', description: `One of ${COMPRESSIONS.join(', ')}.` };
    case 'signals':
      return { type: 'string', description: `One of ${EXPORT_SIGNALS.join(', ')}.` };
    case 'endpoint':
      return path === 'export.logsEndpoint'
        ? { type: 'string', title: 'OTLP/HTTP logs endpoint', description: 'Empty: the traces endpoint with /v1/logs for /v1/traces.' }
        : { type: 'string', title: 'OTLP/HTTP traces endpoint', description: 'Empty: export off.' };
    case 'headers':
      return { type: 'object', additionalProperties: { type: 'string' }, description: 'Extra request headers, by name.' };
    case 'origins':
      return strings('Origins whose requests get traceparent (https://api.example.com, https://*.example.com).');
    case 'sites':
      return strings('Sites where nothing is captured, added to the user’s own.');
    case 'patterns':
      return strings('Redaction patterns (regular expressions), added to the user’s own.');
    case 'statements':
      return path === 'rules.drop'
        ? strings('OTTL conditions: a span matching any is not stored. Run before the user’s own.')
        : strings('OTTL statements, run in order on each span before it is stored, before the user’s own.');
  }
}

/** The schema of storage.managed: the settings' groups, each an object of its settings. */
export function managedSchema(): Schema {
  const groups: Record<string, Schema> = {};
  for (const [path, kind] of Object.entries(MANAGED_SETTINGS)) {
    const [group, key] = path.split('.') as [string, string];
    const properties = ((groups[group] ??= { type: 'object', properties: {} }).properties as Record<string, Schema>);
    properties[key] = leafSchema(path, kind);
  }
  return { type: 'object', properties: groups };
}
