/**
 * Follows export being turned off and on: no endpoint holds export (nothing pending, nothing
 * dropped for a collector that does not exist); an endpoint set where there was none releases it,
 * sending the spans stored meanwhile only if the user chose so (`export.sendStoredOnStart`). A
 * signal turned off is forgotten, so the store no longer waits for it (src/store/signal-progress.ts).
 */
import type { Settings } from '../settings';
import type { SpanlightDB } from '../store/db';
import { holdExport, releaseExport } from '../store/export-hold';
import { followSignals } from '../store/signal-progress';
import { activeSignals, SIGNALS } from '../signals';

/**
 * Applies the endpoints and signals of `settings` to the store's hold and the signals' positions;
 * call before the exporters run on them. Export is off when no signal sent has an endpoint.
 */
export async function followExportSwitch(db: SpanlightDB, settings: Settings): Promise<void> {
  const active = activeSignals(settings.export);
  if (!active.length) return holdExport(db);
  await releaseExport(db, settings.export.sendStoredOnStart);
  await followSignals(db, active, SIGNALS);
}
