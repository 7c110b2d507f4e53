/** The browsers every e2e flow runs in, and what legitimately differs between them. */
import type { BrowserName } from './support/extension';

export const BROWSERS: readonly {
  browserName: BrowserName;
  /** Where a top frame's tracer core runs (src/bridge/core-placement.ts), whatever the page's CSP; a frame's runs in the background. */
  core: 'content' | 'background';
  userAgent: RegExp;
  /** The Web Vitals the browser can measure (Firefox has no Layout Instability API). */
  vitals: readonly string[];
  /** Whether the browser reports long animation frames (Firefox has neither them nor long tasks). */
  longFrames: boolean;
  /**
   * Whether the back button restores pages from the back/forward cache under test. Firefox ESR
   * driven over WebDriver BiDi loads them again, with or without the extension.
   */
  bfcache: boolean;
}[] = [
  // Chromium applies a page's CSP to a content script's WebAssembly: the background runs the core.
  { browserName: 'chromium', core: 'background', userAgent: /Chrome\//, vitals: ['LCP', 'FCP', 'TTFB', 'CLS', 'INP'], longFrames: true, bfcache: true },
  { browserName: 'firefox', core: 'content', userAgent: /Firefox\//, vitals: ['LCP', 'FCP', 'TTFB', 'INP'], longFrames: false, bfcache: false },
];
