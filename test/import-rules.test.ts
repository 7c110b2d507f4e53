import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectGraph, RULES, violations, type ImportGraph } from '../scripts/import-rules';

const graph = projectGraph();

/** The real graph with one more import. */
function withImport(from: string, to: string): ImportGraph {
  const copy: ImportGraph = new Map([...graph].map(([file, targets]) => [file, [...targets]]));
  copy.get(from)!.push(to);
  return copy;
}

const rulesBroken = (g: ImportGraph) => [...new Set(violations(g).map((v) => v.rule))];

describe('import rules', () => {
  it('hold for the project as it is', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(violations(graph)).toEqual([]);
  });

  it('reads every kind of import as an edge: type-only, re-exported, dynamic, packages by name', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'spanlight-imports-'));
    try {
      mkdirSync(path.join(root, 'src/store'), { recursive: true });
      mkdirSync(path.join(root, 'components'), { recursive: true });
      writeFileSync(path.join(root, 'src/store/db.ts'), 'export class DB {}\n');
      writeFileSync(path.join(root, 'src/store/queries.ts'), "export * from './db';\n");
      writeFileSync(
        path.join(root, 'components/View.tsx'),
        "import type { DB } from '../src/store/db';\nconst q = () => import('../src/store/queries');\nimport { h } from 'preact/hooks';\nimport { x } from '@scope/lib/deep';\nimport './styles.css';\n",
      );
      execFileSync('git', ['init', '-q'], { cwd: root });
      execFileSync('git', ['add', '.'], { cwd: root });
      // Not added to git yet, and reaching the store by WXT's root alias and by a `.js` name.
      writeFileSync(path.join(root, 'components/Other.tsx'), "import { DB } from '@/src/store/db';\nimport { q } from '../src/store/queries.js';\nimport { y } from '~~/src/store/db.js';\n");
      const small = projectGraph(root);
      expect(small.get('components/View.tsx')!.sort()).toEqual(['pkg:@scope/lib', 'pkg:preact', 'src/store/db.ts', 'src/store/queries.ts']);
      expect(small.get('components/Other.tsx')!.sort()).toEqual(['src/store/db.ts', 'src/store/queries.ts']);
      expect(small.get('src/store/queries.ts')).toEqual(['src/store/db.ts']);
      expect(violations(small).map((v) => v.chain)).toEqual([
        ['components/Other.tsx', 'src/store/db.ts'],
        ['components/View.tsx', 'src/store/db.ts'],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('name the page side reaching the store, through any chain of imports', () => {
    const found = violations(withImport('src/capture/fetch.ts', 'src/store/db.ts'));
    expect(found.map((v) => v.rule)).toContain(RULES[0]!.name);
    expect(found.find((v) => v.chain[0] === 'src/capture/fetch.ts')?.chain).toEqual(['src/capture/fetch.ts', 'src/store/db.ts']);
    // The content script's entrypoint reaches it through the capture code: named with its chain.
    const fromEntry = found.find((v) => v.chain[0] === 'entrypoints/capture.content.ts');
    expect(fromEntry?.chain.at(-2)).toBe('src/capture/fetch.ts');
  });

  it('let the UI use the store’s queries and reader, and nothing else of it, nor Dexie', () => {
    expect(rulesBroken(withImport('components/Popup.tsx', 'src/store/queries.ts'))).toEqual([]);
    expect(rulesBroken(withImport('components/Popup.tsx', 'src/store/reader.ts'))).toEqual([]);
    const ui = 'the UI reaches the store through its queries and reader only, and never holds Dexie';
    expect(rulesBroken(withImport('components/Popup.tsx', 'src/store/db.ts'))).toEqual([ui]);
    expect(rulesBroken(withImport('components/viewer/Viewer.tsx', 'pkg:dexie'))).toEqual([ui]);
    expect(rulesBroken(withImport('components/Popup.tsx', 'src/background/ingest.ts'))).toContain('the UI reaches the background through messages only');
    // Nor through what the store's gateways import.
    expect(rulesBroken(withImport('src/store/queries.ts', 'src/background/ingest.ts'))).toEqual(
      expect.arrayContaining(['the UI reaches the background through messages only', 'the store and export know no background']),
    );
  });

  it('keep the store, export and protocols free of the UI and the channels’ ends', () => {
    expect(rulesBroken(withImport('src/store/queries.ts', 'components/format.ts'))).toContain('the store and export know no UI');
    expect(rulesBroken(withImport('src/otlp/encode.ts', 'pkg:preact'))).toContain('the store and export know no UI');
    expect(rulesBroken(withImport('src/protocol/page.ts', 'src/capture/fetch.ts'))).toContain('a protocol depends on neither end of its channel');
    expect(rulesBroken(withImport('src/background/ingest.ts', 'components/format.ts'))).toContain('the background knows no UI');
    expect(rulesBroken(withImport('src/bridge/gate.ts', 'src/settings.ts'))).toContain(RULES[0]!.name);
    expect(rulesBroken(withImport('src/cli/trace.ts', 'src/store/db.ts'))).toContain('the CLI drives the extension from outside');
    expect(rulesBroken(withImport('src/cli/chromium.ts', 'src/capture/fetch.ts'))).toContain('the CLI drives the extension from outside');
    expect(rulesBroken(withImport('src/background/ingest.ts', 'src/cli/stored-spans.ts'))).toContain('the extension knows nothing of the CLI');
    expect(rulesBroken(withImport('components/Popup.tsx', 'pkg:playwright-core'))).toContain('the extension knows nothing of the CLI');
  });

  it('keep the trace command to spans, protocols and pure logic', () => {
    const cli = 'the CLI drives the extension from outside';
    expect(rulesBroken(withImport('src/cli/metrics.ts', 'src/store/reader.ts'))).toEqual([cli]);
    expect(rulesBroken(withImport('src/cli/report.ts', 'components/format.ts'))).toEqual([cli]);
    expect(rulesBroken(withImport('src/cli/budget.ts', 'src/background/links.ts'))).toEqual([cli]);
    expect(rulesBroken(withImport('src/cli/metrics.ts', 'src/page-view.ts'))).toEqual([]);
  });
});
