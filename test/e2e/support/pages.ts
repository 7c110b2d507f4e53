/** Page objects for the extension's views. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS, type LoadedExtension } from './extension';

async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export class PopupPage {
  private constructor(readonly page: Page) {}

  static async open(extension: LoadedExtension, tabId: number): Promise<PopupPage> {
    return new PopupPage(await extension.openPage(`popup.html?tabId=${tabId}`));
  }

  get rows(): Locator {
    return this.page.getByTestId('span-row');
  }

  get exportStatus(): Locator {
    return this.page.getByTestId('export-status');
  }

  /** The text of each row's cells: [name, detail, duration, status]. */
  async table(): Promise<string[][]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  }

  screenshot(name: string): Promise<string> {
    return screenshot(this.page, name);
  }
}

export class PanelPage {
  private constructor(readonly page: Page) {}

  static async open(extension: LoadedExtension, tabId: number): Promise<PanelPage> {
    return new PanelPage(await extension.openPage(`devtools-panel.html?tabId=${tabId}`));
  }

  get traces(): Locator {
    return this.page.getByTestId('trace');
  }

  get waterfallRows(): Locator {
    return this.page.getByTestId('waterfall-row');
  }

  screenshot(name: string): Promise<string> {
    return screenshot(this.page, name);
  }
}
