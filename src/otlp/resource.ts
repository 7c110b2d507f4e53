/**
 * OpenTelemetry resource attributes for the spans and events of one page host, and the grouping
 * of records under them that every export request shares. A span read from a file keeps the
 * resource it came under (SpanRecord.resource) and goes back out under it.
 */
import type { Attributes, AttributeValue, ImportedScope } from '../protocol/span';

/** Resource attributes may also be string arrays (browser.brands). */
export type ResourceAttributes = Record<string, AttributeValue | string[]>;

/** What the background knows of the browser it runs in. */
export interface BrowserInfo {
  userAgent: string;
  language?: string;
  platform?: string;
  mobile?: boolean;
  brands?: string[];
  sdkVersion: string;
}

interface UserAgentData {
  brands?: { brand: string; version: string }[];
  mobile?: boolean;
  platform?: string;
}

/** Reads BrowserInfo from a navigator (the worker's or a window's). */
export function readBrowserInfo(nav: Navigator, sdkVersion: string): BrowserInfo {
  const data = (nav as Navigator & { userAgentData?: UserAgentData }).userAgentData;
  const info: BrowserInfo = { userAgent: nav.userAgent, sdkVersion };
  if (nav.language) info.language = nav.language;
  if (data?.platform) info.platform = data.platform;
  if (typeof data?.mobile === 'boolean') info.mobile = data.mobile;
  if (data?.brands?.length) info.brands = data.brands.map((b) => `${b.brand} ${b.version}`);
  return info;
}

/** The service.name of a live span: its page's host, as each site is its own service. */
export function hostServiceName(pageUrl: string): string {
  try {
    return new URL(pageUrl).host || new URL(pageUrl).protocol.replace(':', '');
  } catch {
    return 'unknown';
  }
}

/** The service a span belongs to: its own resource's service.name (an imported span), else its page's host. */
export function serviceOf(span: { pageUrl: string; resource?: Attributes }): string {
  const name = span.resource?.['service.name'];
  return name === undefined ? hostServiceName(span.pageUrl) : String(name);
}

/** Resource attributes; service.name is the page's host, as each site is its own service. */
export function resourceAttributes(pageUrl: string, browserInfo: BrowserInfo): ResourceAttributes {
  const attributes: ResourceAttributes = {
    'service.name': hostServiceName(pageUrl),
    'telemetry.sdk.name': 'spanlight',
    'telemetry.sdk.language': 'webjs',
    'telemetry.sdk.version': browserInfo.sdkVersion,
    'user_agent.original': browserInfo.userAgent,
  };
  if (browserInfo.language) attributes['browser.language'] = browserInfo.language;
  if (browserInfo.platform) attributes['browser.platform'] = browserInfo.platform;
  if (browserInfo.mobile !== undefined) attributes['browser.mobile'] = browserInfo.mobile;
  if (browserInfo.brands) attributes['browser.brands'] = browserInfo.brands;
  return attributes;
}

/**
 * The semantic conventions the resource and records follow (the browser ones of v1.44.0, which
 * also define the `browser.web_vital` event), sent as both the resource's and the scope's
 * schema_url so a backend can translate names when conventions move on.
 */
export const SCHEMA_URL = 'https://opentelemetry.io/schemas/1.44.0';

/** The instrumentation scope every record is sent under: Spanlight's. */
export interface Scope {
  name: string;
  version: string;
  schemaUrl: string;
}

/** Records (spans, log records) sent under one resource and the one scope. */
export interface ResourceGroup<T> {
  resource: ResourceAttributes;
  scope: Scope;
  records: readonly T[];
}

/**
 * `records` grouped under one resource per page host, or, for records that carry their own
 * resource (imported spans), one per distinct resource; groups and records in order of
 * appearance, under Spanlight's scope, or the scope an imported record came under (one object
 * per group, as the resource is: otlp-transformer's serializers group by object).
 */
export function groupByResource<T extends { pageUrl: string; resource?: Attributes; scope?: ImportedScope }>(records: readonly T[], browserInfo: BrowserInfo): ResourceGroup<T>[] {
  const spanlight: Scope = { name: 'spanlight', version: browserInfo.sdkVersion, schemaUrl: SCHEMA_URL };
  // Keyed `h:host` (derived) or `r:[entries]` (a record's own), then its own scope if it has one:
  // a page can never name an own resource or scope (only the viewer's import sets them).
  const groups = new Map<string, ResourceGroup<T> & { records: T[] }>();
  // Records of one page share their pageUrl: parse each URL once.
  const byUrl = new Map<string, ResourceGroup<T> & { records: T[] }>();
  for (const record of records) {
    let group: (ResourceGroup<T> & { records: T[] }) | undefined;
    if (record.resource || record.scope) {
      const key = `${record.resource ? `r:${JSON.stringify(Object.entries(record.resource))}` : `h:${hostOf(record.pageUrl)}`} s:${JSON.stringify(record.scope ?? null)}`;
      group = groups.get(key);
      if (!group) {
        const resource = record.resource ? { ...record.resource } : resourceAttributes(record.pageUrl, browserInfo);
        const scope = record.scope ? { name: record.scope.name, version: record.scope.version ?? '', schemaUrl: record.scope.schemaUrl ?? '' } : spanlight;
        groups.set(key, (group = { resource, scope, records: [] }));
      }
    } else {
      group = byUrl.get(record.pageUrl);
      if (!group) {
        const key = `h:${hostOf(record.pageUrl)} s:null`;
        group = groups.get(key);
        if (!group) groups.set(key, (group = { resource: resourceAttributes(record.pageUrl, browserInfo), scope: spanlight, records: [] }));
        byUrl.set(record.pageUrl, group);
      }
    }
    group.records.push(record);
  }
  return [...groups.values()];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
