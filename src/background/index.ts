/** The background: ingest, store, export. Every listener is registered synchronously at start. */
import { browser } from 'wxt/browser';
import { Exporter } from '../export/exporter';
import { readBrowserInfo } from '../otlp/resource';
import { ensureRunId } from '../browser-run';
import { captureConfig, getSettings, watchSettings, type Settings } from '../settings';
import { writeCaptureConfig } from '../capture-config';
import { SpanlightDB } from '../store/db';
import { warnOnce } from '../log';
import { followExportSwitch } from './export-switch';
import { acceptBridgePorts } from './ingest';
import { enforceRetention } from './retention';
import { keepHeadersSecret } from './secret-headers';
import { answerUiRequests } from './ui-requests';

const EXPORT_ALARM = 'spanlight-export';

export function startBackground(): void {
  const db = new SpanlightDB();
  const browserInfo = readBrowserInfo(navigator, browser.runtime.getManifest().version);
  const exporter = new Exporter(db, browserInfo);
  const retain = () => enforceRetention(db).catch((error: unknown) => warnOnce('retention failed', error));

  // Settings kept in memory, current through watchSettings: ingest reads them for every batch.
  let settings: Promise<Settings> = getSettings();
  // The content scripts' part of the settings, under its own key (current at every start).
  const publish = (s: Settings) => writeCaptureConfig(captureConfig(s)).catch((error: unknown) => warnOnce('capture config not saved', error));
  // Header values out of storage.local; export held while off, released as the user chose, before
  // the exporter runs on the new settings.
  const apply = (s: Settings) =>
    Promise.all([
      keepHeadersSecret(db, s).catch((error: unknown) => warnOnce('export headers not moved', error)),
      followExportSwitch(db, s).catch((error: unknown) => warnOnce('export switch not applied', error)),
    ]);
  const ready = settings.then(async (s) => {
    await Promise.all([publish(s), apply(s)]);
  });
  acceptBridgePorts(db, ensureRunId(), () => settings, () => exporter.schedule());
  answerUiRequests(db, exporter, browserInfo);
  watchSettings((next) => {
    settings = Promise.resolve(next);
    void publish(next);
    void apply(next).then(() => exporter.restart()).then(retain);
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
}
