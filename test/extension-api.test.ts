/**
 * The content scripts' extension APIs (src/extension-api.ts), looked up once the page's markup is
 * in: what a page names `browser` in Chromium (an element, a frame) is not taken for them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const chrome = { runtime: { id: 'extension-id', getURL: () => '', connect: () => undefined } };

async function found(browser: unknown) {
  vi.resetModules();
  vi.stubGlobal('chrome', chrome);
  vi.stubGlobal('browser', browser);
  const { extensionApi } = await import('../src/extension-api');
  return extensionApi();
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the extension APIs', () => {
  it('are Chromium’s chrome where the page’s markup names something browser', async () => {
    // <form id="browser"><input name="runtime" id="x"></form>: browser.runtime is the input.
    expect(await found({ runtime: { id: 'x', name: 'runtime' } })).toBe(chrome);
    // <iframe name="browser" src="https://other.example/">: reading its runtime throws.
    expect(
      await found({
        get runtime() {
          throw new DOMException('Blocked a frame from accessing a cross-origin frame.', 'SecurityError');
        },
      }),
    ).toBe(chrome);
    expect(await found(undefined)).toBe(chrome);
  });

  it('are Firefox’s browser in Firefox’s build', async () => {
    const browser = { runtime: { id: 'extension-id', getURL: () => '', connect: () => undefined } };
    vi.stubEnv('FIREFOX', true as unknown as string);
    try {
      expect(await found(browser)).toBe(browser);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
