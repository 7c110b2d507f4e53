/**
 * Firefox's built-in consent for data transmission (manifest
 * browser_specific_settings.gecko.data_collection_permissions). Spanlight collects nothing for
 * itself ("none" required); exporting to the user's collector sends page URLs, interactions and
 * error text, so those are optional and asked for when the user sets an endpoint.
 * Other browsers have no such consent: there the answers are always yes.
 */
import { browser } from 'wxt/browser';

/** The optional data types export needs; the manifest lists the same. */
export const EXPORT_DATA_TYPES = ['browsingActivity', 'websiteActivity', 'websiteContent'];

type DataPermissions = { data_collection: string[] };
type PermissionsApi = {
  request(p: DataPermissions): Promise<boolean>;
  contains(p: DataPermissions): Promise<boolean>;
};

const permissions = () => browser.permissions as unknown as PermissionsApi;

/**
 * Asks the user to allow export. Call it synchronously from a user input handler (a click or
 * a form submit), before any await: Firefox refuses the request otherwise.
 */
export function requestExportConsent(): Promise<boolean> {
  if (!import.meta.env.FIREFOX) return Promise.resolve(true);
  return permissions().request({ data_collection: EXPORT_DATA_TYPES });
}

/** Whether the user has allowed export. */
export async function hasExportConsent(): Promise<boolean> {
  if (!import.meta.env.FIREFOX) return true;
  return permissions().contains({ data_collection: EXPORT_DATA_TYPES });
}
