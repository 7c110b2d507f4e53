/**
 * The options page's choice of recording the requests the page side cannot see (workers', beacons,
 * event streams, sockets' handshakes), through the browser's view of the network. Chromium asks
 * for the permission when it is ticked and gives it back when it is not; Firefox holds it always.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { askNetworkAccess, dropNetworkAccess, hasNetworkAccess, networkAccessLive, networkAccessOptional } from '../src/network-access';

const WHAT = 'the requests of the page’s workers (dedicated, module, shared and its service worker), beacons and event streams';

interface Access {
  held: boolean;
  live: boolean;
}

export function NetworkAccess() {
  const [access, setAccess] = useState<Access | undefined>(undefined);
  const read = () =>
    void Promise.all([hasNetworkAccess(), networkAccessLive()]).then(
      ([held, live]) => setAccess({ held, live }),
      () => setAccess({ held: false, live: false }),
    );
  useEffect(() => {
    read();
    // Granted or given back elsewhere (the browser's extension settings) shows here too.
    browser.permissions.onAdded.addListener(read);
    browser.permissions.onRemoved.addListener(read);
    return () => {
      browser.permissions.onAdded.removeListener(read);
      browser.permissions.onRemoved.removeListener(read);
    };
  }, []);
  if (!networkAccessOptional()) return <p class="muted">Spanlight also records {WHAT}, as Firefox reports them.</p>;
  // The request must start in the click's own task, before any await; the listeners above show a
  // change, and the box is read again after, as a refusal changes nothing (the click ticked it).
  const choose = (on: boolean) => void (on ? askNetworkAccess() : dropNetworkAccess()).catch(() => undefined).then(read);
  return (
    <>
      <label class="check">
        <input type="checkbox" name="networkAccess" checked={access?.held === true} disabled={!access} onChange={(e) => choose(e.currentTarget.checked)} />
        <span>Also record {WHAT}, as the browser reports them (asks Chromium for the webRequest permission; observation only)</span>
      </label>
      {access?.held && !access.live && (
        <p class="managed" data-testid="network-access-restart">
          Chromium starts reporting these requests the next time it starts.
        </p>
      )}
      <p class="muted">
        With it, Chromium's console says less about a failed WebSocket connection (not why the handshake failed). Pages
        see nothing different.
      </p>
    </>
  );
}
