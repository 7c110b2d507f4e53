/**
 * Follows export being turned off and on: no endpoint holds export (nothing pending, nothing
 * dropped for a collector that does not exist); an endpoint set where there was none releases it,
 * sending the spans stored meanwhile only if the user chose so (`export.sendStoredOnStart`).
 */
import type { Settings } from '../settings';
import type { SpanlightDB } from '../store/db';
import { holdExport, releaseExport } from '../store/export-hold';

/** Applies the endpoint of `settings` to the store's hold; call before the exporter runs on them. */
export async function followExportSwitch(db: SpanlightDB, settings: Settings): Promise<void> {
  if (!settings.export.endpoint) await holdExport(db);
  else await releaseExport(db, settings.export.sendStoredOnStart);
}
