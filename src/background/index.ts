/** The background: ingest, store, export. Every listener is registered synchronously at start. */
import { browser } from 'wxt/browser';
import { Exporters } from '../export/exporters';
import { readBrowserInfo } from '../otlp/resource';
import { ensureRunId } from '../browser-run';
import { readSettingsInForce, watchSettingsInForce, type SettingsInForce } from '../managed-settings';
import { captureConfig, type Settings } from '../settings';
import { CAPTURE_CONFIG_KEY, parseCaptureConfig, writeCaptureConfig } from '../capture-config';
import { SpanlightDB } from '../store/db';
import { warnOnce } from '../log';
import { followExportSwitch } from './export-switch';
import { acceptBridgePorts } from './ingest';
import { NetworkRecorder } from './network/record-network';
import { TYPES, type WebRequestApi } from './network/observer';
import { listenWhileAllowed, type PermissionEvents } from './network/while-allowed';
import { enforceRetention } from './retention';
import { keepHeadersSecret } from './secret-headers';
import { answerUiRequests } from './ui-requests';
import { noteNetworkAccessAtLoad, noteNetworkAccessRemoved } from '../network-access';

const EXPORT_ALARM = 'spanlight-export';

export function startBackground(): void {
  const db = new SpanlightDB();
  const browserInfo = readBrowserInfo(navigator, browser.runtime.getManifest().version);
  const exporter = new Exporters(db, browserInfo);
  const retain = () => enforceRetention(db).catch((error: unknown) => warnOnce('retention failed', error));

  // The settings in force (the user's, with the organization's policy over them), kept in memory
  // and current through watchSettingsInForce: ingest reads them for every batch.
  const first = readSettingsInForce();
  let settings: Promise<Settings> = first.then((inForce) => inForce.settings);
  // The content scripts' part of the settings, under its own key (current at every start).
  const publish = (s: Settings) => writeCaptureConfig(captureConfig(s)).catch((error: unknown) => warnOnce('capture config not saved', error));
  // Header values out of storage.local (the user's own: a policy's stay where the browser keeps
  // them); export held while off, released as chosen, before the exporter runs on the new settings.
  const apply = ({ settings: s, user }: SettingsInForce) =>
    Promise.all([
      keepHeadersSecret(db, user).catch((error: unknown) => warnOnce('export headers not moved', error)),
      followExportSwitch(db, s).catch((error: unknown) => warnOnce('export switch not applied', error)),
    ]);
  const ready = first.then(async (inForce) => {
    await Promise.all([publish(inForce.settings), apply(inForce)]);
  });
  // Content scripts can write storage.local too (a compromised renderer could): the content
  // scripts' config is put back whenever it differs from what the settings in force make of it.
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes[CAPTURE_CONFIG_KEY];
    if (area !== 'local' || !change) return;
    void settings.then((s) => {
      const same = (a: unknown, b: unknown) => JSON.stringify(parseCaptureConfig(a)) === JSON.stringify(parseCaptureConfig(b));
      if (!same(change.newValue, captureConfig(s))) return publish(s);
    });
  });
  const runId = ensureRunId();
  const network = new NetworkRecorder(runId, () => settings);
  const ingest = acceptBridgePorts(db, runId, () => settings, () => exporter.schedule(), { browserInfo, onPage: network.page, onSpans: network.spans, merge: network.twins.merge });
  // Observation only (no blocking): the requests the page side cannot see (docs/network.md). In
  // Chromium only once the user allows it in the options page (src/network-access.ts says why).
  const types = import.meta.env.FIREFOX ? TYPES.firefox : TYPES.chromium;
  listenWhileAllowed(
    () => (browser as { webRequest?: unknown }).webRequest as WebRequestApi | undefined,
    browser.permissions as unknown as PermissionEvents | undefined,
    (api, live) => network.start(api, ingest, types, live),
  );
  answerUiRequests(db, exporter, browserInfo);
  watchSettingsInForce((next) => {
    settings = Promise.resolve(next.settings);
    void publish(next.settings);
    // The loops stop sending on the old settings now, and run on the new ones once applied.
    void exporter.restart(apply(next)).then(retain);
  }, new AbortController().signal);
  // The backstop for a worker that slept through a scheduled retry; also keeps retention applied.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== EXPORT_ALARM) return;
    void exporter.run();
    void retain();
  });
  void browser.alarms.create(EXPORT_ALARM, { periodInMinutes: 0.5 });
  // A restarted worker or browser sends what was left pending.
  void ready.then(() => {
    exporter.schedule(0);
    return retain();
  });
  // First run: show where data goes (nowhere, until the user sets an endpoint).
  browser.runtime.onInstalled.addListener(({ reason }) => reason === 'install' && void browser.runtime.openOptionsPage());
  // Whether Chromium reports requests in this run (it starts only when it loads the extension).
  if (!import.meta.env.FIREFOX) {
    const noted = (error: unknown) => warnOnce('network access not noted', error);
    void noteNetworkAccessAtLoad().catch(noted);
    browser.permissions.onRemoved.addListener((p) => void (p.permissions?.includes('webRequest') && noteNetworkAccessRemoved().catch(noted)));
  }
}
