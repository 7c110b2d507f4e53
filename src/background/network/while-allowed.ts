/**
 * Listens on `webRequest` while the extension holds it: at start when it does (a worker woken by
 * a request must hear it, so this runs synchronously), and from the moment it is granted
 * (Chromium's permission is optional). Once it is given back, what the old listeners still hear
 * is ignored; granted again, new listeners start. Nothing here blocks a request.
 */
import type { WebRequestApi } from './observer';

/** The part of `browser.permissions` this watches; tests pass a fake. */
export interface PermissionEvents {
  onAdded: { addListener(listener: (permissions: { permissions?: string[] }) => void): void };
  onRemoved: { addListener(listener: (permissions: { permissions?: string[] }) => void): void };
}

/**
 * Calls `listen` with the API and a `live` check each time listening starts; `api` reads the
 * API as the browser exposes it now (undefined without the permission).
 */
export function listenWhileAllowed(api: () => WebRequestApi | undefined, permissions: PermissionEvents | undefined, listen: (api: WebRequestApi, live: () => boolean) => void): void {
  let generation = 0;
  let listening = false;
  const begin = () => {
    const webRequest = api();
    if (listening || !webRequest) return;
    listening = true;
    const mine = ++generation;
    listen(webRequest, () => listening && generation === mine);
  };
  const names = (p: { permissions?: string[] }) => p.permissions?.includes('webRequest') === true;
  begin();
  permissions?.onAdded.addListener((p) => names(p) && begin());
  permissions?.onRemoved.addListener((p) => {
    if (names(p)) listening = false;
  });
}
