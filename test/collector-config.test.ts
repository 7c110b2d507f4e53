/**
 * The deployment guide's files, checked without a Collector binary (none can be installed
 * here: docs/deploy.md says why):
 * - docs/collector/*.yaml against the components and top-level keys listed below, the
 *   pipelines' wiring, and what each tier is for (routing by trace id, the sampling policies);
 * - docs/policy/*.json against the settings contract (normalizeSettings keeps every value),
 *   and the guide's copies of them.
 * Every check has a case below that breaks a copy of the files and expects the problem named.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { normalizeSettings } from '../src/settings';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), 'utf8');

type Signal = 'traces' | 'metrics' | 'logs' | 'profiles';
const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs', 'profiles'];
const ALL: readonly Signal[] = SIGNALS;
type Section = 'receivers' | 'processors' | 'exporters' | 'extensions';
interface ComponentSpec {
  /** Top-level keys its configuration accepts. */
  keys: readonly string[];
  /** Pipelines it can be in (extensions: none). */
  signals: readonly Signal[];
}

// confighttp.ClientConfig (squashed into otlp_http) and configgrpc.ClientConfig (into otlp_grpc).
const HTTP_CLIENT = ['endpoint', 'proxy_url', 'tls', 'read_buffer_size', 'write_buffer_size', 'timeout', 'headers', 'auth', 'compression', 'compression_params', 'max_idle_conns', 'max_idle_conns_per_host', 'max_conns_per_host', 'idle_conn_timeout', 'disable_keep_alives', 'http2_read_idle_timeout', 'http2_ping_timeout', 'cookies', 'force_attempt_http2', 'middlewares'];
const GRPC_CLIENT = ['endpoint', 'compression', 'tls', 'keepalive', 'read_buffer_size', 'write_buffer_size', 'wait_for_ready', 'headers', 'user_agent', 'balancer_name', 'authority', 'auth', 'middlewares'];

/**
 * The components these files may use, by section and type (the part of an id before `/`).
 * Keys read from otelcol-contrib v0.159.0 (opentelemetry-collector-releases,
 * distributions/otelcol-contrib/manifest.yaml lists every module below at v0.159.0):
 * - core components from opentelemetry-collector at tag v0.159.0, the `mapstructure` tags of
 *   receiver/otlpreceiver/config.go, internal/memorylimiter/config.go,
 *   processor/batchprocessor/config.go, exporter/otlpexporter/config.go and
 *   exporter/otlphttpexporter/config.go (with exporterhelper's `timeout`, `sending_queue`,
 *   configretry's `retry_on_failure`); types from each metadata.yaml;
 * - contrib components from their READMEs and config.schema.yaml (tail_sampling: README;
 *   load_balancing: config.schema.yaml and the v0.154.0 README; transform: README for 0.120.0
 *   and later; health_check: its Config type, whose confighttp.ServerConfig is squashed).
 * Only keys that could be confirmed are listed: a key missing here fails the test, which is
 * the safe direction.
 */
const COMPONENTS: Record<Section, Record<string, ComponentSpec>> = {
  receivers: {
    otlp: { keys: ['protocols'], signals: ALL },
  },
  processors: {
    memory_limiter: {
      keys: ['check_interval', 'limit_mib', 'spike_limit_mib', 'limit_percentage', 'spike_limit_percentage', 'min_gc_interval_when_soft_limited', 'min_gc_interval_when_hard_limited', 'max_gc_interval_when_soft_limited', 'max_gc_interval_when_hard_limited'],
      signals: ALL,
    },
    batch: { keys: ['timeout', 'send_batch_size', 'send_batch_max_size', 'metadata_keys', 'metadata_cardinality_limit'], signals: ['traces', 'metrics', 'logs'] },
    tail_sampling: {
      keys: ['decision_wait', 'num_traces', 'expected_new_traces_per_sec', 'block_on_overflow', 'sample_on_first_match', 'drop_pending_traces_on_shutdown', 'decision_cache', 'policies'],
      signals: ['traces'],
    },
    transform: { keys: ['error_mode', 'trace_statements', 'metric_statements', 'log_statements', 'profile_statements'], signals: ALL },
  },
  exporters: {
    otlp_grpc: { keys: ['timeout', 'sending_queue', 'retry_on_failure', ...GRPC_CLIENT], signals: ALL },
    otlp_http: { keys: ['sending_queue', 'retry_on_failure', 'traces_endpoint', 'metrics_endpoint', 'logs_endpoint', 'profiles_endpoint', 'encoding', ...HTTP_CLIENT], signals: ALL },
    load_balancing: { keys: ['protocol', 'resolver', 'routing_key', 'routing_attributes', 'timeout', 'sending_queue', 'retry_on_failure'], signals: ['traces', 'metrics', 'logs'] },
    debug: { keys: ['verbosity', 'sampling_initial', 'sampling_thereafter', 'use_internal_logger', 'output_paths', 'sending_queue'], signals: ALL },
  },
  extensions: {
    health_check: { keys: ['endpoint', 'path', 'tls', 'response_body', 'check_collector_pipeline'], signals: [] },
  },
};

/** Old names the Collector still accepts, with a warning: the files use the new ones. */
const DEPRECATED: Partial<Record<Section, Record<string, string>>> = {
  exporters: { otlp: 'otlp_grpc', otlphttp: 'otlp_http', loadbalancing: 'load_balancing' },
};

const TOP_LEVEL = ['receivers', 'processors', 'exporters', 'connectors', 'extensions', 'service'];
const SECTIONS: readonly Section[] = ['receivers', 'processors', 'exporters', 'extensions'];
/** A component id: `type` or `type/name` (the Collector's component.ID rules). */
const COMPONENT_ID = /^[a-zA-Z][0-9a-zA-Z_]{0,62}(?:\/[^/\s]+)?$/;

type Obj = Record<string, unknown>;
const isMap = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const typeOf = (id: string) => id.split('/', 1)[0]!;

/** The problems of a parsed Collector configuration; none for a sound one. */
function collectorProblems(config: unknown): string[] {
  const problems: string[] = [];
  if (!isMap(config)) return ['the configuration is not a map'];
  for (const key of Object.keys(config)) if (!TOP_LEVEL.includes(key)) problems.push(`unknown top-level key "${key}"`);

  const defined: Record<Section, Obj> = { receivers: {}, processors: {}, exporters: {}, extensions: {} };
  for (const section of SECTIONS) {
    const entries = config[section] ?? {};
    if (!isMap(entries)) {
      problems.push(`${section}: not a map`);
      continue;
    }
    defined[section] = entries;
    for (const [id, settings] of Object.entries(entries)) {
      if (!COMPONENT_ID.test(id)) problems.push(`${section}.${id}: not a component id`);
      const type = typeOf(id);
      const renamed = DEPRECATED[section]?.[type];
      const spec = COMPONENTS[section][type];
      if (renamed) problems.push(`${section}.${id}: "${type}" is a deprecated alias, use "${renamed}"`);
      else if (!spec) problems.push(`${section}.${id}: unknown component type "${type}"`);
      if (settings !== null && !isMap(settings)) problems.push(`${section}.${id}: settings are not a map`);
      if (spec && isMap(settings)) {
        for (const key of Object.keys(settings)) if (!spec.keys.includes(key)) problems.push(`${section}.${id}: unknown key "${key}"`);
      }
    }
  }

  const service = config.service;
  if (!isMap(service)) return [...problems, 'service: missing'];
  for (const key of Object.keys(service)) if (!['extensions', 'pipelines', 'telemetry'].includes(key)) problems.push(`service: unknown key "${key}"`);
  const used: Record<Section, Set<string>> = { receivers: new Set(), processors: new Set(), exporters: new Set(), extensions: new Set() };

  const enabled = service.extensions ?? [];
  if (!Array.isArray(enabled)) problems.push('service.extensions: not a list');
  else
    for (const id of enabled) {
      used.extensions.add(String(id));
      if (!(String(id) in defined.extensions)) problems.push(`service.extensions: "${id}" is not defined in extensions`);
    }

  const pipelines = service.pipelines;
  if (!isMap(pipelines) || !Object.keys(pipelines).length) return [...problems, 'service.pipelines: none'];
  for (const [name, pipeline] of Object.entries(pipelines)) {
    const signal = typeOf(name) as Signal;
    if (!SIGNALS.includes(signal)) problems.push(`pipeline ${name}: "${signal}" is not a signal`);
    if (!isMap(pipeline)) {
      problems.push(`pipeline ${name}: not a map`);
      continue;
    }
    for (const key of Object.keys(pipeline)) if (!['receivers', 'processors', 'exporters'].includes(key)) problems.push(`pipeline ${name}: unknown key "${key}"`);
    for (const section of ['receivers', 'processors', 'exporters'] as const) {
      const ids = pipeline[section] ?? [];
      if (!Array.isArray(ids)) {
        problems.push(`pipeline ${name}: ${section} is not a list`);
        continue;
      }
      if (section !== 'processors' && !ids.length) problems.push(`pipeline ${name}: no ${section}`);
      for (const raw of ids) {
        const id = String(raw);
        used[section].add(id);
        if (!(id in defined[section])) {
          problems.push(`pipeline ${name}: ${section.slice(0, -1)} "${id}" is not defined in ${section}`);
          continue;
        }
        const spec = COMPONENTS[section][typeOf(id)];
        if (spec && !spec.signals.includes(signal)) problems.push(`pipeline ${name}: "${id}" does not handle ${signal} (signal)`);
      }
    }
    // The Collector's recommended order (processor/README.md): memory_limiter first, batch last.
    const processors = Array.isArray(pipeline.processors) ? pipeline.processors.map(String) : [];
    if (typeOf(processors[0] ?? '') !== 'memory_limiter') problems.push(`pipeline ${name}: memory_limiter must be the first processor`);
    if (typeOf(processors.at(-1) ?? '') !== 'batch') problems.push(`pipeline ${name}: batch must be the last processor`);
  }

  for (const section of SECTIONS) {
    for (const id of Object.keys(defined[section])) if (!used[section].has(id)) problems.push(`${section}.${id}: defined but not used`);
  }
  return problems;
}

/** The ids of a section's components of one type. */
function ofType(config: Obj, section: Section, type: string): [string, Obj][] {
  const entries = isMap(config[section]) ? config[section] : {};
  return Object.entries(entries)
    .filter(([id]) => typeOf(id) === type)
    .map(([id, settings]) => [id, isMap(settings) ? settings : {}]);
}

/** What the gateway is for: routing by trace id to a resolved set of sampling collectors. */
function gatewayProblems(config: Obj): string[] {
  const problems: string[] = [];
  const balancers = ofType(config, 'exporters', 'load_balancing');
  if (!balancers.length) problems.push('no load_balancing exporter');
  for (const [id, lb] of balancers) {
    if (lb.routing_key !== 'traceID') problems.push(`${id}: routing_key must be traceID (got ${JSON.stringify(lb.routing_key)})`);
    const otlp = isMap(lb.protocol) ? lb.protocol.otlp : undefined;
    if (!isMap(otlp)) problems.push(`${id}: protocol.otlp missing`);
    else {
      for (const key of Object.keys(otlp)) if (!COMPONENTS.exporters.otlp_grpc!.keys.includes(key)) problems.push(`${id}: protocol.otlp: unknown key "${key}"`);
      if ('endpoint' in otlp) problems.push(`${id}: protocol.otlp.endpoint is set by the resolver, leave it out`);
    }
    const resolver = isMap(lb.resolver) ? lb.resolver : {};
    const kinds = Object.keys(resolver);
    if (kinds.length !== 1 || !['dns', 'static'].includes(kinds[0]!)) problems.push(`${id}: resolver must be exactly one of dns, static (got ${kinds.join(', ') || 'none'})`);
    const dns = resolver.dns;
    if (isMap(dns)) {
      for (const key of Object.keys(dns)) if (!['hostname', 'port', 'interval', 'timeout'].includes(key)) problems.push(`${id}: resolver.dns: unknown key "${key}"`);
      if (typeof dns.hostname !== 'string' || !dns.hostname) problems.push(`${id}: resolver.dns.hostname missing`);
    }
    const fixed = resolver.static;
    if (isMap(fixed) && (!Array.isArray(fixed.hostnames) || !fixed.hostnames.length)) problems.push(`${id}: resolver.static.hostnames missing`);
  }
  return problems;
}

const POLICY_KEYS: Record<string, readonly string[]> = {
  status_code: ['status_codes'],
  latency: ['threshold_ms', 'upper_threshold_ms'],
  probabilistic: ['sampling_percentage', 'hash_salt'],
};

/** What the sampling tier is for: keep errors, slow traces and a share of the rest; Loki gets logs only. */
function samplingProblems(config: Obj): string[] {
  const problems: string[] = [];
  const samplers = ofType(config, 'processors', 'tail_sampling');
  if (!samplers.length) problems.push('no tail_sampling processor');
  for (const [id, sampler] of samplers) {
    const policies = Array.isArray(sampler.policies) ? sampler.policies.filter(isMap) : [];
    for (const policy of policies) {
      const type = String(policy.type);
      const keys = POLICY_KEYS[type];
      if (!keys) {
        problems.push(`${id}: policy "${policy.name}": type "${type}" is not one this check knows`);
        continue;
      }
      for (const key of Object.keys(policy)) if (!['name', 'type', type].includes(key)) problems.push(`${id}: policy "${policy.name}": unknown key "${key}"`);
      const settings = isMap(policy[type]) ? policy[type] : {};
      for (const key of Object.keys(settings)) if (!keys.includes(key)) problems.push(`${id}: policy "${policy.name}": unknown key "${type}.${key}"`);
    }
    const settingsOf = (type: string) => policies.filter((p) => p.type === type).map((p) => (isMap(p[type]) ? p[type] : {}));
    if (!settingsOf('status_code').some((s) => Array.isArray(s.status_codes) && s.status_codes.includes('ERROR'))) problems.push(`${id}: no status_code policy keeping ERROR`);
    if (!settingsOf('latency').some((s) => typeof s.threshold_ms === 'number' && s.threshold_ms > 0)) problems.push(`${id}: no latency policy with threshold_ms`);
    if (!settingsOf('probabilistic').some((s) => typeof s.sampling_percentage === 'number' && s.sampling_percentage > 0 && s.sampling_percentage < 100)) problems.push(`${id}: no probabilistic policy keeping a share`);
  }
  for (const [id, transform] of ofType(config, 'processors', 'transform')) {
    if (!['ignore', 'silent', 'propagate'].includes(String(transform.error_mode))) problems.push(`${id}: error_mode must be ignore, silent or propagate`);
    for (const key of ['trace_statements', 'log_statements']) {
      const statements = transform[key];
      if (statements !== undefined && (!Array.isArray(statements) || !statements.every((s) => typeof s === 'string' && /^[a-z_]+\(/.test(s)))) problems.push(`${id}: ${key} must be OTTL statements (basic form)`);
    }
  }
  // Loki stores logs, not traces: its exporter belongs in logs pipelines only.
  const pipelines = isMap(config.service) && isMap(config.service.pipelines) ? config.service.pipelines : {};
  for (const [name, pipeline] of Object.entries(pipelines)) {
    const exporters = isMap(pipeline) && Array.isArray(pipeline.exporters) ? pipeline.exporters.map(String) : [];
    for (const id of exporters) if (/loki/i.test(id) && typeOf(name) !== 'logs') problems.push(`pipeline ${name}: ${id} takes logs only`);
  }
  return problems;
}

const gatewayText = read('docs/collector/gateway.yaml');
const samplingText = read('docs/collector/sampling.yaml');
const load = (text: string) => parse(text) as Obj;

/** A copy of `config` changed by `change`. */
function changed(config: Obj, change: (c: any) => void): Obj {
  const copy = structuredClone(config);
  change(copy);
  return copy;
}

describe('docs/collector/gateway.yaml', () => {
  const gateway = load(gatewayText);

  it('is sound: components known, keys known, every component defined and used', () => {
    expect(collectorProblems(gateway)).toEqual([]);
  });

  it('routes by trace id to resolved sampling collectors', () => {
    expect(gatewayProblems(gateway)).toEqual([]);
  });

  it.each<[string, (c: any) => void, string]>([
    ['an exporter a pipeline names is removed', (c) => delete c.exporters.load_balancing, 'exporter "load_balancing" is not defined in exporters'],
    ['a processor is defined but in no pipeline', (c) => (c.processors['batch/unused'] = {}), 'processors.batch/unused: defined but not used'],
    ['an extension is defined but not enabled', (c) => (c.service.extensions = []), 'extensions.health_check: defined but not used'],
    ['an enabled extension is not defined', (c) => c.service.extensions.push('zpages'), '"zpages" is not defined in extensions'],
    ['a component gets an unknown key', (c) => (c.processors.memory_limiter.limit_precentage = 80), 'processors.memory_limiter: unknown key "limit_precentage"'],
    ['a component type is unknown', (c) => (c.processors['batcher'] = {}), 'unknown component type "batcher"'],
    ['the deprecated loadbalancing name is used', (c) => { c.exporters.loadbalancing = c.exporters.load_balancing; delete c.exporters.load_balancing; c.service.pipelines.traces.exporters = ['loadbalancing']; c.service.pipelines.logs.exporters = ['loadbalancing']; }, 'deprecated alias, use "load_balancing"'],
    ['memory_limiter is not first', (c) => c.service.pipelines.traces.processors.reverse(), 'pipeline traces: memory_limiter must be the first processor'],
    ['batch is not last', (c) => c.service.pipelines.logs.processors.push('memory_limiter'), 'pipeline logs: batch must be the last processor'],
    ['a pipeline has no processors', (c) => delete c.service.pipelines.traces.processors, 'pipeline traces: memory_limiter must be the first processor'],
    ['a pipeline is not a signal', (c) => (c.service.pipelines.spans = c.service.pipelines.traces), 'pipeline spans: "spans" is not a signal'],
    ['an unknown top-level key', (c) => (c.exporter = {}), 'unknown top-level key "exporter"'],
  ])('fails when %s', (_, change, problem) => {
    expect(collectorProblems(changed(gateway, change)).join('\n')).toContain(problem);
  });

  it.each<[string, (c: any) => void, string]>([
    ['routing is by service', (c) => (c.exporters.load_balancing.routing_key = 'service'), 'routing_key must be traceID'],
    ['routing_key is left to its default', (c) => delete c.exporters.load_balancing.routing_key, 'routing_key must be traceID'],
    ['no resolver is given', (c) => delete c.exporters.load_balancing.resolver, 'resolver must be exactly one of dns, static'],
    ['the dns resolver has no hostname', (c) => delete c.exporters.load_balancing.resolver.dns.hostname, 'resolver.dns.hostname missing'],
    ['the template sets an endpoint', (c) => (c.exporters.load_balancing.protocol.otlp.endpoint = 'x:4317'), 'protocol.otlp.endpoint is set by the resolver'],
    ['there is no load balancer', (c) => { c.exporters = { otlp_grpc: { endpoint: 'x:4317' } }; }, 'no load_balancing exporter'],
  ])('fails its purpose when %s', (_, change, problem) => {
    expect(gatewayProblems(changed(gateway, change)).join('\n')).toContain(problem);
  });
});

describe('docs/collector/sampling.yaml', () => {
  const sampling = load(samplingText);

  it('is sound: components known, keys known, every component defined and used', () => {
    expect(collectorProblems(sampling)).toEqual([]);
  });

  it('keeps errors, slow traces and a share of the rest, and sends Loki logs only', () => {
    expect(samplingProblems(sampling)).toEqual([]);
  });

  it('exports traces to Tempo and Jaeger over OTLP/gRPC, logs to Loki over OTLP/HTTP', () => {
    const pipelines = (sampling.service as any).pipelines;
    expect(pipelines.traces.exporters).toEqual(['otlp_grpc/tempo', 'otlp_grpc/jaeger']);
    expect(pipelines.logs.exporters).toEqual(['otlp_http/loki']);
    const exporters = sampling.exporters as any;
    expect(exporters['otlp_grpc/tempo'].endpoint).toBe('tempo:4317');
    expect(exporters['otlp_grpc/jaeger'].endpoint).toBe('jaeger:4317');
    expect(exporters['otlp_http/loki'].endpoint).toMatch(/\/otlp$/);
  });

  it.each<[string, (c: any) => void, string]>([
    ['tail sampling runs in a logs pipeline', (c) => c.service.pipelines.logs.processors.splice(1, 0, 'tail_sampling'), 'pipeline logs: "tail_sampling" does not handle logs (signal)'],
    ['the deprecated otlp exporter name is used', (c) => { c.exporters['otlp/tempo'] = c.exporters['otlp_grpc/tempo']; delete c.exporters['otlp_grpc/tempo']; c.service.pipelines.traces.exporters[0] = 'otlp/tempo'; }, '"otlp" is a deprecated alias, use "otlp_grpc"'],
    ['a receiver is defined but unused', (c) => (c.receivers['otlp/spare'] = null), 'receivers.otlp/spare: defined but not used'],
    ['tail_sampling gets an unknown key', (c) => (c.processors.tail_sampling.decision_time = '30s'), 'processors.tail_sampling: unknown key "decision_time"'],
  ])('fails when %s', (_, change, problem) => {
    expect(collectorProblems(changed(sampling, change)).join('\n')).toContain(problem);
  });

  it.each<[string, (c: any) => void, string]>([
    ['the status_code policy is removed', (c) => (c.processors.tail_sampling.policies = c.processors.tail_sampling.policies.filter((p: any) => p.type !== 'status_code')), 'no status_code policy keeping ERROR'],
    ['the status_code policy keeps OK only', (c) => (c.processors.tail_sampling.policies[0].status_code.status_codes = ['OK']), 'no status_code policy keeping ERROR'],
    ['the latency policy is removed', (c) => (c.processors.tail_sampling.policies = c.processors.tail_sampling.policies.filter((p: any) => p.type !== 'latency')), 'no latency policy with threshold_ms'],
    ['the latency policy names its threshold wrongly', (c) => (c.processors.tail_sampling.policies[1].latency = { threshold: 3000 }), 'unknown key "latency.threshold"'],
    ['the probabilistic policy keeps everything', (c) => (c.processors.tail_sampling.policies[2].probabilistic.sampling_percentage = 100), 'no probabilistic policy keeping a share'],
    ['a policy type is unknown', (c) => c.processors.tail_sampling.policies.push({ name: 'x', type: 'always' }), 'type "always" is not one this check knows'],
    ['Loki is in the traces pipeline', (c) => c.service.pipelines.traces.exporters.push('otlp_http/loki'), 'pipeline traces: otlp_http/loki takes logs only'],
    ['transform has no error_mode', (c) => delete c.processors.transform.error_mode, 'error_mode must be ignore, silent or propagate'],
    ['a transform statement is not OTTL', (c) => c.processors.transform.trace_statements.push({ context: 'span' }), 'trace_statements must be OTTL statements'],
    ['there is no tail sampling', (c) => delete c.processors.tail_sampling, 'no tail_sampling processor'],
  ])('fails its purpose when %s', (_, change, problem) => {
    expect(samplingProblems(changed(sampling, change)).join('\n')).toContain(problem);
  });

  it('refuses YAML the Collector would refuse: a key given twice', () => {
    expect(() => parse(samplingText.replace('  batch:\n', '  batch:\n    timeout: 1s\n'))).toThrow();
  });
});

// --- Policy examples -------------------------------------------------------------------------

const CHROME_ID = 'mcmfbhkokijmhdicddokflofeldcdphj';
const FIREFOX_ID = 'spanlight@spanlight.dev';
const chromeText = read('docs/policy/chrome-3rdparty.json');
const firefoxText = read('docs/policy/firefox-policies.json');
const guide = read('docs/deploy.md');

/** Every value of `settings` that is not an object, by its dotted path (arrays as a whole). */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (!isMap(value)) return [[path, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
}

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (isMap(v) ? v[key] : undefined), value);
}

/** The values of `settings` that normalizeSettings changes or drops; none when it keeps them all. */
function settingsProblems(settings: unknown): string[] {
  if (!isMap(settings) || !Object.keys(settings).length) return ['no settings'];
  const normalized = normalizeSettings(settings);
  return leaves(settings)
    .filter(([path, value]) => JSON.stringify(at(normalized, path)) !== JSON.stringify(value))
    .map(([path, value]) => `${path}: ${JSON.stringify(value)} becomes ${JSON.stringify(at(normalized, path))}`);
}

const chromeSettings = (policy: any) => policy['3rdparty'].extensions[CHROME_ID];
const firefoxSettings = (policy: any) => policy.policies['3rdparty'].Extensions[FIREFOX_ID];

/** The ```lang fenced blocks of the guide. */
function blocks(lang: string): string[] {
  return [...guide.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

describe('docs/policy', () => {
  const chrome = JSON.parse(chromeText);
  const firefox = JSON.parse(firefoxText);

  it('the Chrome policy is the 3rdparty policy for the unpacked build id only', () => {
    expect(Object.keys(chrome)).toEqual(['3rdparty']);
    expect(Object.keys(chrome['3rdparty'])).toEqual(['extensions']);
    expect(Object.keys(chrome['3rdparty'].extensions)).toEqual([CHROME_ID]);
  });

  it('the Firefox policy sets 3rdparty and force-installs by the gecko id', () => {
    expect(Object.keys(firefox)).toEqual(['policies']);
    expect(Object.keys(firefox.policies['3rdparty'].Extensions)).toEqual([FIREFOX_ID]);
    const install = firefox.policies.ExtensionSettings[FIREFOX_ID];
    expect(install.installation_mode).toBe('force_installed');
    expect(install.install_url).toMatch(/^https:\/\/.+\.xpi$/);
  });

  it('both set the same settings, which normalizeSettings keeps unchanged', () => {
    expect(firefoxSettings(firefox)).toEqual(chromeSettings(chrome));
    expect(settingsProblems(chromeSettings(chrome))).toEqual([]);
    expect(settingsProblems(firefoxSettings(firefox))).toEqual([]);
    expect(chromeSettings(chrome).export.endpoint).toBe('https://otel-collector.example.com:4318/v1/traces');
  });

  it.each<[string, (s: any) => void, string]>([
    ['a value is out of bounds', (s) => (s.sampling.percent = 150), 'sampling.percent: 150 becomes 100'],
    ['a key is misspelled', (s) => (s.sampling.slow_ms = 3000), 'sampling.slow_ms: 3000 becomes undefined'],
    ['a redaction pattern is refused', (s) => (s.redaction.patterns = ['(a+)+']), 'redaction.patterns'],
    ['a site is not a host name', (s) => s.capture.offSites.push('not a site'), 'capture.offSites'],
    ['a protocol is unknown', (s) => (s.export.protocol = 'grpc'), 'export.protocol: "grpc" becomes "http/protobuf"'],
    ['a header value is not a string', (s) => (s.export.headers.authorization = 42), 'export.headers.authorization: 42 becomes undefined'],
    ['a number is a string', (s) => (s.sampling.slowMs = '3000'), 'sampling.slowMs: "3000" becomes 2000'],
  ])('the check fails when %s', (_, change, problem) => {
    const settings = structuredClone(chromeSettings(chrome));
    change(settings);
    expect(settingsProblems(settings).join('\n')).toContain(problem);
  });

  it('the guide shows each file as it is', () => {
    const json = blocks('json').map((text) => JSON.parse(text));
    expect(json).toContainEqual(chrome);
    expect(json).toContainEqual(firefox);
    expect(guide).toContain('docs/policy/chrome-3rdparty.json');
    expect(guide).toContain('docs/policy/firefox-policies.json');
  });

  it("the guide's Windows registry values are the Chrome file's settings", () => {
    const script = blocks('powershell').join('\n');
    const values = Object.fromEntries(
      [...script.matchAll(/-Name (\w+) -Type String -Value '([^']*)'/g)].map((m) => [m[1]!, JSON.parse(m[2]!)]),
    );
    expect(values).toEqual(chromeSettings(chrome));
    expect(script).toContain(`\\3rdparty\\extensions\\${CHROME_ID}\\policy`);
  });

  it("the guide's macOS profile payloads are the files' settings", () => {
    const profiles = blocks('xml').map(plist) as any[];
    const payload = (type: string) => profiles.flatMap((profile) => profile.PayloadContent ?? []).find((p: any) => p.PayloadType === type);
    const chromePayload = { ...payload(`com.google.Chrome.extensions.${CHROME_ID}`) };
    for (const key of Object.keys(chromePayload)) if (key.startsWith('Payload')) delete chromePayload[key];
    expect(chromePayload).toEqual(chromeSettings(chrome));
    const firefoxPayload = payload('org.mozilla.firefox');
    expect(firefoxPayload.EnterprisePoliciesEnabled).toBe(true);
    expect(firefoxPayload['3rdparty'].Extensions[FIREFOX_ID]).toEqual(firefoxSettings(firefox));
  });
});

/** The value of a property list in XML (dict, array, string, integer, real, true, false). */
function plist(xml: string): unknown {
  const tokens = [...xml.replace(/<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)(\w+)(?:\s[^>]*?)?(\/?)>([^<]*)/g)];
  let i = 0;
  const next = () => tokens[i++] ?? (() => { throw new Error('plist: unexpected end'); })();
  const text = (token: RegExpMatchArray) => {
    const value = token[4]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    next(); // the closing tag
    return value;
  };
  const value = (): unknown => {
    const token = next();
    const [, , tag, selfClosing] = token;
    if (tag === 'true' || tag === 'false') {
      if (!selfClosing) next();
      return tag === 'true';
    }
    if (tag === 'string') return text(token);
    if (tag === 'integer' || tag === 'real') return Number(text(token));
    if (tag === 'array') {
      const items: unknown[] = [];
      if (selfClosing) return items;
      while (tokens[i]?.[2] !== 'array' || tokens[i]?.[1] !== '/') items.push(value());
      next();
      return items;
    }
    if (tag === 'dict') {
      const dict: Record<string, unknown> = {};
      if (selfClosing) return dict;
      while (tokens[i]?.[2] !== 'dict' || tokens[i]?.[1] !== '/') {
        const key = next();
        if (key[2] !== 'key') throw new Error(`plist: expected <key>, got <${key[2]}>`);
        dict[text(key)] = value();
      }
      next();
      return dict;
    }
    if (tag === 'plist') {
      const inner = value();
      next();
      return inner;
    }
    throw new Error(`plist: unexpected <${token[1]}${tag}>`);
  };
  return value();
}
