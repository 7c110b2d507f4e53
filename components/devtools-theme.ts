/**
 * The DevTools panel in DevTools' own theme: `data-theme` on the root (`dark` or `light`), which
 * the stylesheet honours before `prefers-color-scheme`, from `devtools.panels.themeName`
 * (`'dark'`, or `'default'` for light), kept current by `onThemeChanged` where the browser has it
 * (Firefox; Chromium has only the name). Feature-detected: without the API the root is left
 * alone and the system's scheme applies.
 */
import { browser } from 'wxt/browser';

/** The part of `devtools.panels` this reads. */
export interface ThemePanels {
  themeName?: string;
  onThemeChanged?: { addListener(listener: (name: string) => void): void; removeListener(listener: (name: string) => void): void };
}

const themeOf = (name: string | undefined) => (name === 'dark' ? 'dark' : 'light');

/** Sets and keeps `root`'s `data-theme` until `signal` aborts; undefined when the browser gives no theme. */
export function followDevtoolsTheme(root: HTMLElement, signal?: AbortSignal, panels: ThemePanels | undefined = (browser as { devtools?: { panels?: ThemePanels } }).devtools?.panels): true | undefined {
  if (typeof panels?.themeName !== 'string') return undefined;
  root.dataset.theme = themeOf(panels.themeName);
  const changed = panels.onThemeChanged;
  if (changed) {
    const listener = (name: string) => (root.dataset.theme = themeOf(name));
    changed.addListener(listener);
    signal?.addEventListener('abort', () => changed.removeListener(listener), { once: true });
  }
  return true;
}
