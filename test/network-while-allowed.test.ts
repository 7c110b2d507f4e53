import { describe, expect, it } from 'vitest';
import { observeRequests, TYPES, type RequestDetails, type WebRequestApi } from '../src/background/network/observer';
import { listenWhileAllowed, type PermissionEvents } from '../src/background/network/while-allowed';

type Listener = (details: RequestDetails) => void;
type Filter = { urls: string[]; types?: string[] };
/** A webRequest that keeps its listeners and filters, as the browser does while the permission is held. */
function fakeWebRequest() {
  const listeners: { event: string; listener: Listener; filter: Filter }[] = [];
  const event = (name: string) => ({ addListener: (listener: Listener, filter: Filter) => void listeners.push({ event: name, listener, filter }) });
  const api: WebRequestApi = { onBeforeRequest: event('before'), onCompleted: event('completed'), onErrorOccurred: event('error') };
  const complete = (requestId: string) => {
    const d: RequestDetails = { requestId, url: 'https://a.test/x', method: 'GET', type: 'xmlhttprequest', tabId: 1, frameId: 0, timeStamp: 1 };
    for (const l of listeners) if (l.event !== 'error') l.listener(d);
  };
  return { api, listeners, complete };
}
function fakePermissions() {
  const added: ((p: { permissions?: string[] }) => void)[] = [];
  const removed: ((p: { permissions?: string[] }) => void)[] = [];
  const events: PermissionEvents = { onAdded: { addListener: (l) => void added.push(l) }, onRemoved: { addListener: (l) => void removed.push(l) } };
  return { events, add: (names: string[]) => added.forEach((l) => l({ permissions: names })), remove: (names: string[]) => removed.forEach((l) => l({ permissions: names })) };
}

/** Listens as the background does: every completed request heard while live is kept. */
function listening(api: () => WebRequestApi | undefined, permissions: PermissionEvents) {
  const heard: string[] = [];
  let starts = 0;
  listenWhileAllowed(api, permissions, (webRequest, live) => {
    starts++;
    observeRequests(webRequest, (o) => live() && void heard.push(o.requestId), TYPES.chromium);
  });
  return { heard, starts: () => starts };
}

describe('listening on webRequest while the extension holds it', () => {
  it('starts at once, synchronously, when the permission is held at start', () => {
    const web = fakeWebRequest();
    const { heard, starts } = listening(() => web.api, fakePermissions().events);
    expect(starts()).toBe(1);
    web.complete('r1');
    expect(heard).toEqual(['r1']);
  });

  it('starts once the permission is granted, not before, and only for webRequest', () => {
    const web = fakeWebRequest();
    let granted = false;
    const permissions = fakePermissions();
    const { heard, starts } = listening(() => (granted ? web.api : undefined), permissions.events);
    expect(starts()).toBe(0);
    permissions.add(['tabs']);
    expect(starts()).toBe(0);
    granted = true;
    permissions.add(['tabs']);
    expect(starts()).toBe(0);
    permissions.add(['webRequest']);
    permissions.add(['webRequest']);
    expect(starts()).toBe(1);
    web.complete('r1');
    expect(heard).toEqual(['r1']);
  });

  it('ignores what old listeners hear once given back, and hears each request once when granted again', () => {
    const web = fakeWebRequest();
    const permissions = fakePermissions();
    const { heard, starts } = listening(() => web.api, permissions.events);
    permissions.remove(['webRequest']);
    web.complete('while-removed');
    expect(heard).toEqual([]);
    permissions.add(['webRequest']);
    expect(starts()).toBe(2);
    // The first listeners are still registered with the browser: only the new ones count.
    web.complete('again');
    expect(heard).toEqual(['again']);
  });

  it('names only types each browser knows in its filter', () => {
    for (const [browser, types] of Object.entries(TYPES)) {
      const web = fakeWebRequest();
      observeRequests(web.api, () => undefined, types);
      expect(new Set(web.listeners.map((l) => l.filter.types!.join())), browser).toEqual(new Set([types.join()]));
    }
    expect(TYPES.chromium).not.toContain('beacon');
    expect(TYPES.firefox).toContain('beacon');
  });
});
