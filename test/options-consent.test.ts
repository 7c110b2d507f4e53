/** The options page's Save with only a logs endpoint: Firefox's data consent is asked. */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ consent: 0, saved: [] as unknown[] }));
vi.mock('../src/data-consent', () => ({
  requestExportConsent: () => {
    calls.consent++;
    return Promise.resolve(false); // the user says no (or is never asked)
  },
  hasExportConsent: () => Promise.resolve(false),
}));
vi.mock('../src/managed-settings', async () => {
  const { normalizeSettings } = await import('../src/settings');
  const user = normalizeSettings({ export: { endpoint: '', signals: 'logs', logsEndpoint: '' } });
  return {
    readSettingsInForce: () => Promise.resolve({ settings: user, user, policy: {}, locked: new Set(), problems: [], added: { offSites: [], patterns: [], headers: [], rules: { drop: [], transform: [] } } }),
    watchSettingsInForce: () => undefined,
    applyPolicy: (s: unknown) => ({ settings: s }),
  };
});
vi.mock('../src/settings', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/settings')>();
  return { ...actual, saveSettings: (s: unknown) => (calls.saved.push(s), Promise.resolve()) };
});
vi.mock('../src/protocol/ui', () => ({ askBackground: () => Promise.resolve({ stored: 0 }) }));
vi.mock('../components/hooks', async () => {
  const { INITIAL_STATUS } = await import('../src/status');
  return { useStatus: () => INITIAL_STATUS };
});
vi.mock('../components/ExportHealth', () => ({ ExportHealth: () => null }));
vi.mock('../components/ExportPreview', () => ({ ExportPreview: () => null }));
vi.mock('../components/RedactionPreview', () => ({ RedactionPreview: () => null }));

const { Options } = await import('../components/Options');
const { document } = parseHTML('<!doctype html><html><body></body></html>');
(globalThis as { document?: unknown }).document ??= document;

describe('options page, Firefox data consent', () => {
  it('asks for consent when Save turns on export with only a logs endpoint (signals: logs)', async () => {
    const root = document.createElement('div');
    document.body.appendChild(root);
    await act(() => render(h(Options, {}), root));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    const input = root.querySelector('input[name="logsEndpoint"]') as unknown as HTMLInputElement;
    expect(input).toBeTruthy();
    await act(() => {
      input.value = 'https://logs.example/v1/logs';
      input.dispatchEvent(new (document.defaultView as unknown as typeof globalThis).Event('input'));
    });
    const form = root.querySelector('form')!;
    await act(async () => {
      form.dispatchEvent(new (document.defaultView as unknown as typeof globalThis).Event('submit', { cancelable: true }));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(calls.saved).toHaveLength(1);
    expect((calls.saved[0] as { export: { logsEndpoint: string } }).export.logsEndpoint).toBe('https://logs.example/v1/logs');
    // The exporter checks hasExportConsent() for the logs signal too: Save must ask.
    expect(calls.consent).toBe(1);
    // And, not allowed, Save must not say the events are sent.
    expect(root.textContent).not.toMatch(/are sent to this endpoint/);
    root.remove();
  });
});
