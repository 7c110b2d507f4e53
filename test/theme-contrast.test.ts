import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { followDevtoolsTheme } from '../components/devtools-theme';

const CSS = readFileSync(new URL('../components/styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The custom properties of the first rule whose selector is exactly `selector`. */
function palette(selector: string): Record<string, string> {
  const at = CSS.indexOf(`${selector} {`);
  expect(at, selector).toBeGreaterThanOrEqual(0);
  const body = CSS.slice(CSS.indexOf('{', at) + 1, CSS.indexOf('}', at));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  expect(hex).toMatch(/^#[0-9a-f]{6}$/i);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

/** Text on a background: WCAG AA for normal text. */
const TEXT: [string, string][] = [
  ['--fg', '--bg'],
  ['--muted', '--bg'],
  ['--error', '--bg'],
  ['--link', '--bg'],
  ['--good-fg', '--good-bg'],
  ['--ni-fg', '--ni-bg'],
  ['--poor-fg', '--poor-bg'],
];
/** Bars, marks and swatches on the background: WCAG's 3:1 for graphics. */
const GRAPHICS = ['--bar', '--critical', '--mark-dcl', '--mark-load', '--rt-document', '--rt-script', '--rt-stylesheet', '--rt-img', '--rt-font', '--rt-fetch', '--rt-other'];

describe('theme', () => {
  const light = palette(':root');
  const dark = palette(":root[data-theme='dark']");
  const system = palette(":root:not([data-theme='light'])");

  it('gives the system’s dark scheme and DevTools’ dark theme the same palette', () => {
    expect(system).toEqual(dark);
    expect(Object.keys(dark).sort()).toEqual(Object.keys(light).sort());
  });

  for (const [name, colours] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`meets WCAG AA for text in the ${name} palette`, () => {
      for (const [fg, bg] of TEXT) expect(contrast(colours[fg]!, colours[bg]!), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    });
    it(`keeps bars and marks at 3:1 against the ${name} background`, () => {
      for (const key of GRAPHICS) expect(contrast(colours[key]!, colours['--bg']!), key).toBeGreaterThanOrEqual(3);
    });
  }

  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21);
    expect(contrast('#dc2626', '#111827')).toBeCloseTo(3.67, 2);
  });

  it('follows DevTools’ theme on the root, and its changes until aborted', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const root = document.documentElement as unknown as HTMLElement;
    const listeners = new Set<(name: string) => void>();
    const panels = { themeName: 'dark', onThemeChanged: { addListener: (l: (n: string) => void) => listeners.add(l), removeListener: (l: (n: string) => void) => listeners.delete(l) } };
    const stop = new AbortController();
    expect(followDevtoolsTheme(root, stop.signal, panels)).toBe(true);
    expect(root.dataset.theme).toBe('dark');
    for (const l of listeners) l('default');
    expect(root.dataset.theme).toBe('light');
    stop.abort();
    expect(listeners.size).toBe(0);
    const bare = document.createElement('div') as unknown as HTMLElement;
    expect(followDevtoolsTheme(bare, undefined, { themeName: 'default' })).toBe(true);
    expect(bare.dataset.theme).toBe('light');
    expect(followDevtoolsTheme(document.createElement('p') as unknown as HTMLElement, undefined, {})).toBeUndefined();
  });
});
