/** Which tab a UI page is about. `?tabId=N` overrides, so any view can be opened for any tab. */
import { browser } from 'wxt/browser';

function tabIdParam(): number | undefined {
  const value = Number(new URLSearchParams(location.search).get('tabId') ?? NaN);
  return Number.isInteger(value) ? value : undefined;
}

/** The popup's tab: the active tab of its window. */
export async function currentTabId(): Promise<number | undefined> {
  const param = tabIdParam();
  if (param !== undefined) return param;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** The devtools panel's tab: the inspected one. */
export function inspectedTabId(): number | undefined {
  return tabIdParam() ?? browser.devtools?.inspectedWindow?.tabId;
}
