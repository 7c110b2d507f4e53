import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { readSettingsInForce, watchSettingsInForce, type SettingsInForce } from '../src/managed-settings';
import { getUserSettings, saveSettings } from '../src/settings';
import { captureOff, hostOf } from '../src/sites';

/**
 * The popup's per-site switch: turns capture off on the tab's site (adding it to the settings'
 * list of sites where nothing is captured), or back on. Off applies at once; on, at the next load.
 * A site the organization's policy turns off stays off: the switch says so and offers nothing.
 */
export function SiteSwitch({ tabId }: { tabId: number | undefined }) {
  const [host, setHost] = useState<string>();
  const [inForce, setInForce] = useState<SettingsInForce>();
  const [turnedOn, setTurnedOn] = useState(false);
  useEffect(() => {
    if (tabId === undefined) return;
    const controller = new AbortController();
    void browser.tabs.get(tabId).then(
      (tab) => setHost(/^https?:/.test(tab.url ?? '') ? hostOf(tab.url) : ''),
      () => setHost(''),
    );
    void readSettingsInForce().then(setInForce);
    watchSettingsInForce(setInForce, controller.signal);
    return () => controller.abort();
  }, [tabId]);
  // Pages where content scripts never run (the browser's own, files) have nothing to switch.
  if (!host || !inForce) return null;
  const off = captureOff(host, inForce.settings.capture.offSites);
  if (captureOff(host, inForce.added.offSites)) {
    return (
      <p class="row" data-testid="site-switch">
        <span>Capture is off on {host}: set by your organization.</span>
      </p>
    );
  }

  const toggle = async () => {
    const settings = await getUserSettings();
    const current = settings.capture.offSites;
    // On: every entry that covers this host goes (bank.example, when on www.bank.example).
    const offSites = off ? current.filter((site) => !captureOff(host, [site])) : [...current, host];
    await saveSettings({ ...settings, capture: { ...settings.capture, offSites } });
    setTurnedOn(off);
  };
  return (
    <p class="row" data-testid="site-switch">
      <span>{off ? `Capture is off on ${host}.` : `Capturing ${host}.`}</span>
      <button type="button" class="link" onClick={() => void toggle()} data-testid="site-switch-button">
        {off ? 'Turn capture on' : 'Turn off on this site'}
      </button>
      {turnedOn && !off && <span class="muted">Reload the page to capture it again.</span>}
    </p>
  );
}
