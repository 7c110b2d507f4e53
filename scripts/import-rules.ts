/**
 * The project's parts and the imports each may never make, checked over the real import graph
 * (test/import-rules.test.ts runs it in `npm test`; `npx tsx scripts/import-rules.ts` prints what
 * breaks a rule, with the chain of imports that leads there).
 *
 * A rule is transitive: a part may not reach a forbidden file or package through any chain of
 * imports, except through a gateway, where the walk stops (the UI reaches the store only through
 * its queries and its reader, which themselves reach the database).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** File paths relative to the project's root, or `pkg:name` for a package. */
export type ImportGraph = Map<string, string[]>;

export interface ImportRule {
  /** What the rule says, as the failure names it. */
  name: string;
  /** The part the walk starts from: path prefixes. */
  from: string[];
  /** What it may not reach: path prefixes, or `pkg:` names. */
  never: string[];
  /** Files the walk does not go past (it may import them; what they import is theirs). */
  through?: string[];
}

const PAGE = ['entrypoints/bridge.ts', 'entrypoints/capture.content.ts', 'src/capture/', 'src/bridge/', 'src/observe/', 'src/tracer/'];
const UI = ['components/', 'entrypoints/popup/', 'entrypoints/options/', 'entrypoints/viewer/', 'entrypoints/devtools/', 'entrypoints/devtools-panel/'];
const BACKGROUND = ['entrypoints/background.ts', 'src/background/'];
const STORE = ['src/store/'];
/** Export sends; src/otlp/ is the OTLP codec (requests and files), which the viewer may use. */
const EXPORT = ['src/export/'];
const OTLP = ['src/otlp/'];
const UI_PACKAGES = ['pkg:preact', 'pkg:uplot'];
/** `spanlight trace`: it drives a browser from Node, reads the spans a run stored, and runs none of the extension. */
const CLI = ['src/cli/'];

export const RULES: ImportRule[] = [
  {
    name: 'the page side imports no UI, store, export, background or settings (its settings are the capture config)',
    from: PAGE,
    never: [...UI, ...STORE, ...EXPORT, ...OTLP, ...BACKGROUND, 'src/settings.ts', ...UI_PACKAGES, 'pkg:dexie', 'pkg:@opentelemetry/otlp-transformer'],
  },
  { name: 'the store and export know no UI', from: [...STORE, ...EXPORT, ...OTLP], never: [...UI, ...UI_PACKAGES] },
  { name: 'the store and export know no page side', from: [...STORE, ...EXPORT, ...OTLP], never: ['src/capture/', 'src/bridge/', 'src/observe/'] },
  // What the UI may import of the store must not bring the background with it.
  { name: 'the store and export know no background', from: [...STORE, ...EXPORT, ...OTLP], never: BACKGROUND },
  { name: 'the background knows no UI', from: BACKGROUND, never: [...UI, ...UI_PACKAGES] },
  {
    name: 'the UI reaches the store through its queries and reader only, and never holds Dexie',
    from: UI,
    never: [...STORE, 'pkg:dexie'],
    through: ['src/store/queries.ts', 'src/store/reader.ts'],
  },
  // Past the store's gateways too: nothing they import may bring the background in.
  { name: 'the UI reaches the background through messages only', from: UI, never: [...BACKGROUND, ...EXPORT, 'src/capture/', 'src/bridge/', 'src/observe/'] },
  // It reads the extension from outside (its build, its store's tables): none of its runtime code.
  // The tracer's types are shared (the settings name its config), as they are with the background.
  {
    name: 'the CLI drives the extension from outside',
    from: CLI,
    never: [...PAGE.filter((p) => p !== 'src/tracer/'), ...UI, ...BACKGROUND, ...STORE, ...EXPORT, ...UI_PACKAGES, 'pkg:dexie'],
  },
  { name: 'the extension knows nothing of the CLI', from: [...PAGE, ...UI, ...BACKGROUND, ...STORE, ...EXPORT, ...OTLP, 'src/protocol/'], never: [...CLI, 'pkg:playwright-core'] },
  {
    name: 'a protocol depends on neither end of its channel',
    from: ['src/protocol/'],
    // The tracer is not an end: its core runs on both sides of the bridge's channel.
    never: ['src/capture/', 'src/bridge/', 'src/observe/', ...UI, ...BACKGROUND, ...STORE, ...EXPORT, ...OTLP],
  },
];

const matches = (node: string, prefixes: readonly string[]) => prefixes.some((p) => node === p || (p.endsWith('/') && node.startsWith(p)));

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return `pkg:${specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]}`;
}

/** WXT's aliases for the project's root (.wxt/tsconfig.json): `@/src/…` is `src/…`. */
const ROOT_ALIASES = ['@@/', '~~/', '@/', '~/'];

function resolve(from: string, specifier: string, root: string): string | undefined {
  const alias = ROOT_ALIASES.find((a) => specifier.startsWith(a));
  if (!specifier.startsWith('.') && !alias) return packageOf(specifier);
  const target = alias ? specifier.slice(alias.length) : path.join(path.dirname(from), specifier);
  const base = path.normalize(target.replace(/\?.*$/, ''));
  if (/\.(css|html|svg|png|wasm)$/.test(base)) return undefined;
  // `./x.js` names x.ts in TypeScript's module resolution, as it does in the build.
  const bare = base.replace(/\.[cm]?jsx?$/, '');
  const candidates = [base, `${bare}.ts`, `${bare}.tsx`, `${bare}.mts`, `${bare}/index.ts`, `${bare}/index.tsx`];
  // An unbuilt file (the WASM core's generated module) still counts under its own name.
  return candidates.find((c) => /\.m?tsx?$/.test(c) && existsSync(path.join(root, c))) ?? `${bare}.ts`;
}

/** The import graph of the project's own code (not tests, benchmarks or scripts). */
export function projectGraph(root = process.cwd()): ImportGraph {
  // Tracked files and new ones git does not ignore: a file not yet added is checked too.
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'components', 'entrypoints'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.m?tsx?$/.test(f));
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
    const targets = importedFiles.map((i) => resolve(file, i.fileName, root)).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

export interface Violation {
  rule: string;
  /** From a file of the part to what it may not reach. */
  chain: string[];
}

/** Every file of each rule's part that reaches what the rule forbids, with the shortest chain. */
export function violations(graph: ImportGraph, rules: readonly ImportRule[] = RULES): Violation[] {
  const found: Violation[] = [];
  for (const rule of rules) {
    for (const start of graph.keys()) {
      if (!matches(start, rule.from)) continue;
      const parent = new Map<string, string>([[start, '']]);
      const queue = [start];
      for (let at = 0; at < queue.length; at++) {
        const node = queue[at]!;
        if (node !== start && !rule.through?.includes(node) && matches(node, rule.never)) {
          const chain = [node];
          while (parent.get(chain[0]!)) chain.unshift(parent.get(chain[0]!)!);
          found.push({ rule: rule.name, chain });
          break;
        }
        if (node !== start && rule.through?.includes(node)) continue;
        for (const next of graph.get(node) ?? []) {
          if (parent.has(next)) continue;
          parent.set(next, node);
          queue.push(next);
        }
      }
    }
  }
  return found;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  const found = violations(projectGraph());
  for (const v of found) console.error(`${v.rule}:\n  ${v.chain.join('\n    → ')}`);
  console.log(found.length ? `${found.length} import(s) break the rules` : `imports keep the rules (${RULES.length} rules)`);
  process.exit(found.length ? 1 : 0);
}
