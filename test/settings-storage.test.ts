import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CAPTURE_CONFIG_KEY, DEFAULT_CAPTURE_CONFIG, followCaptureConfig, writeCaptureConfig, type CaptureConfig } from '../src/capture-config';
import {
  DEFAULT_SETTINGS,
  getUserSettings,
  migrateSettings,
  saveSettings,
  SETTINGS_KEY,
  watchUserSettings,
  type Settings,
  type SettingsMigration,
} from '../src/settings';
import { INITIAL_STATUS, readStatus, STATUS_KEY, updateExportStatus, watchStatus, type Status } from '../src/status';

const ENDPOINT = 'http://localhost:4318/v1/traces';
const everythingInStorageLocal = () => fakeBrowser.storage.local.get(null);

beforeEach(() => fakeBrowser.reset());

describe('settings in storage.local', () => {
  it('reads an object stored by earlier versions (no key beside it) as it was, and leaves it untouched', async () => {
    const stored = { version: 1, export: { endpoint: ENDPOINT, protocol: 'http/json', headers: { 'x-api-key': '(saved)' } }, sampling: { percent: 25 } };
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: stored });
    expect(await getUserSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      export: { ...DEFAULT_SETTINGS.export, endpoint: ENDPOINT, protocol: 'http/json', headers: { 'x-api-key': '(saved)' } },
      sampling: { ...DEFAULT_SETTINGS.sampling, percent: 25 },
    });
    expect(await everythingInStorageLocal()).toEqual({ [SETTINGS_KEY]: stored });
  });

  it('reads an existing user\'s object, there before the extension starts, without writing anything', async () => {
    const stored = { export: { endpoint: ENDPOINT, compression: 'none' }, capture: { offSites: ['bank.example'] } };
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: stored });
    vi.resetModules();
    const fresh = await import('../src/settings');
    const settings = await fresh.getUserSettings();
    expect(settings).toEqual({
      ...DEFAULT_SETTINGS,
      export: { ...DEFAULT_SETTINGS.export, endpoint: ENDPOINT, compression: 'none' },
      capture: { ...DEFAULT_SETTINGS.capture, offSites: ['bank.example'] },
    });
    await fresh.saveSettings(settings);
    expect(await everythingInStorageLocal()).toEqual({ [SETTINGS_KEY]: settings });
  });

  it('migrates an object from before versioning when it reads it', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { export: { endpoint: ` ${ENDPOINT} ` }, limits: { tabMegabytes: 64 } } });
    const settings = await getUserSettings();
    expect(settings.version).toBe(1);
    expect(settings.export.endpoint).toBe(ENDPOINT);
    expect(settings.limits.tabMegabytes).toBe(64);
  });

  it('reads defaults from nothing and from anything a content script could store', async () => {
    expect(await getUserSettings()).toEqual(DEFAULT_SETTINGS);
    for (const junk of ['settings', 42, [1, 2], { version: 'x', export: null }]) {
      await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: junk });
      expect(await getUserSettings(), JSON.stringify(junk)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('saves under `settings` with the version inside the object and nothing beside it', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, sampling: { percent: 10, slowMs: 0 } });
    expect(await everythingInStorageLocal()).toEqual({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, version: 1, sampling: { percent: 10, slowMs: 0 } } });
  });

  it('hands each change to watchers normalized, until their signal aborts', async () => {
    const seen: Settings[] = [];
    const controller = new AbortController();
    watchUserSettings((s) => seen.push(s), controller.signal);
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { export: { endpoint: ENDPOINT, batchSpans: -1 } } });
    await fakeBrowser.storage.local.remove(SETTINGS_KEY);
    controller.abort();
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { sampling: { percent: 1 } } });
    expect(seen).toEqual([{ ...DEFAULT_SETTINGS, export: { ...DEFAULT_SETTINGS.export, endpoint: ENDPOINT } }, DEFAULT_SETTINGS]);
  });

  it('adds no watcher for a signal already aborted', async () => {
    const seen: Settings[] = [];
    watchUserSettings((s) => seen.push(s), AbortSignal.abort());
    await saveSettings(DEFAULT_SETTINGS);
    expect(seen).toEqual([]);
  });
});

describe('settings migrations', () => {
  const trail = (o: Record<string, unknown>) => (Array.isArray(o.trail) ? (o.trail as string[]) : []);
  const migrations: SettingsMigration[] = [
    (o) => ({ ...o, version: 1, trail: [...trail(o), '0→1'] }),
    (o) => ({ ...o, version: 2, trail: [...trail(o), '1→2'], renamed: o.old }),
  ];

  it('run in order from the version the object carries', () => {
    expect(migrateSettings({ old: 'x' }, migrations)).toEqual({ old: 'x', renamed: 'x', version: 2, trail: ['0→1', '1→2'] });
    expect(migrateSettings({ version: 1, old: 'y' }, migrations)).toEqual({ old: 'y', renamed: 'y', version: 2, trail: ['1→2'] });
    expect(migrateSettings({ version: '1', old: 'z' }, migrations).trail).toEqual(['0→1', '1→2']);
  });

  it('leave an object of the current version or a newer one as it is', () => {
    expect(migrateSettings({ version: 2, old: 'x' }, migrations)).toEqual({ version: 2, old: 'x' });
    expect(migrateSettings({ version: 9 }, migrations)).toEqual({ version: 9 });
  });
});

describe('status in storage.local', () => {
  it('reads what earlier versions stored, updates it in place, and stops watching on abort', async () => {
    await fakeBrowser.storage.local.set({ [STATUS_KEY]: { export: { ...INITIAL_STATUS.export, exported: 7 }, dropped: { quota: 3 } } });
    expect((await readStatus()).export.exported).toBe(7);
    const seen: Status[] = [];
    const controller = new AbortController();
    watchStatus((s) => seen.push(s), controller.signal);
    await updateExportStatus({ state: 'ok' });
    controller.abort();
    await updateExportStatus({ state: 'error' });
    expect(seen.map((s) => [s.export.state, s.export.exported, s.dropped.quota])).toEqual([['ok', 7, 3]]);
    expect(Object.keys(await everythingInStorageLocal())).toEqual([STATUS_KEY]);
  });
});

describe('capture config in storage.local', () => {
  it('reaches followers now and at each change, under `captureConfig` alone, until their signal aborts', async () => {
    const seen: CaptureConfig[] = [];
    const controller = new AbortController();
    followCaptureConfig((c) => seen.push(c), controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const next = { ...DEFAULT_CAPTURE_CONFIG, consoleErrors: true, offSites: ['bank.example'] };
    await writeCaptureConfig(next);
    controller.abort();
    await writeCaptureConfig(DEFAULT_CAPTURE_CONFIG);
    expect(seen).toEqual([DEFAULT_CAPTURE_CONFIG, next]);
    expect(await everythingInStorageLocal()).toEqual({ [CAPTURE_CONFIG_KEY]: DEFAULT_CAPTURE_CONFIG });
  });
});
