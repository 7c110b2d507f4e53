/** The background: ingest, store, export. Every listener is registered synchronously at start. */
import { browser } from 'wxt/browser';
import { Exporter } from '../export/exporter';
import { readBrowserInfo } from '../export/resource';
import { ensureRunId } from '../browser-run';
import { watchSettings } from '../settings';
import { SpanlightDB } from '../store/db';
import { acceptBridgePorts } from './ingest';

const EXPORT_ALARM = 'spanlight-export';

export function startBackground(): void {
  const db = new SpanlightDB();
  const exporter = new Exporter(db, readBrowserInfo(navigator, browser.runtime.getManifest().version));

  acceptBridgePorts(db, ensureRunId(), () => exporter.schedule());
  watchSettings(() => void exporter.restart(), new AbortController().signal);
  // The backstop for a worker that slept through a scheduled retry.
  browser.alarms.onAlarm.addListener((alarm) => alarm.name === EXPORT_ALARM && void exporter.run());
  void browser.alarms.create(EXPORT_ALARM, { periodInMinutes: 0.5 });
  exporter.schedule(0);
  // First run: show where data goes (nowhere, until the user sets an endpoint).
  browser.runtime.onInstalled.addListener(({ reason }) => reason === 'install' && void browser.runtime.openOptionsPage());
}
