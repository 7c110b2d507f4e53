/** Page objects for the extension's views, the same in both browsers. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, type LoadedExtension, type TabPage } from './extension';

abstract class ExtensionView {
  constructor(
    readonly page: TabPage,
    private readonly browserName: string,
  ) {}

  /** How many elements match `selector`. */
  count(selector: string): Promise<number> {
    return this.page.evaluate((s) => document.querySelectorAll(s).length, selector);
  }

  /** The text of the first element matching `selector`, or null. */
  text(selector: string): Promise<string | null> {
    return this.page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }

  /** Saves a screenshot as a test artifact (test-results/, not committed). */
  async screenshot(name: string): Promise<void> {
    await mkdir(ARTIFACTS, { recursive: true });
    await this.page.screenshot(join(ARTIFACTS, `${this.browserName}-${name}.png`));
  }
}

export class PopupPage extends ExtensionView {
  static async open(extension: LoadedExtension, tabId: number): Promise<PopupPage> {
    return new PopupPage(await extension.openPage(`popup.html?tabId=${tabId}`), extension.browserName);
  }

  rowCount(): Promise<number> {
    return this.count('[data-testid="span-row"]');
  }

  exportStatus(): Promise<string | null> {
    return this.text('[data-testid="export-status"]');
  }

  exportError(): Promise<string | null> {
    return this.text('[data-testid="export-error"]');
  }

  sampledOut(): Promise<string | null> {
    return this.text('[data-testid="sampled-out"]');
  }

  parked(): Promise<string | null> {
    return this.text('[data-testid="export-parked"]');
  }

  /** The per-site switch's sentence ("Capturing host." or "Capture is off on host."). */
  siteState(): Promise<string | null> {
    return this.text('[data-testid="site-switch"] span');
  }

  toggleSite(): Promise<void> {
    return this.page.click('[data-testid="site-switch-button"]');
  }

  retryParked(): Promise<void> {
    return this.page.click('[data-testid="retry-parked"]');
  }

  /** The text of each row's cells: [name, detail, duration, status]. */
  table(): Promise<string[][]> {
    return this.page.evaluate(
      () =>
        [...document.querySelectorAll('[data-testid="span-row"]')].map((row) =>
          [...row.querySelectorAll('td')].map((td) => td.textContent ?? ''),
        ),
      null,
    );
  }
}

export class PanelPage extends ExtensionView {
  static async open(extension: LoadedExtension, tabId: number): Promise<PanelPage> {
    return new PanelPage(await extension.openPage(`devtools-panel.html?tabId=${tabId}`), extension.browserName);
  }

  /** Rows of the waterfall (it draws only those in view; this is all of them). */
  waterfallRowCount(): Promise<number> {
    return this.page.evaluate(() => Number(document.querySelector('[data-testid="waterfall"]')?.getAttribute('data-total') ?? 0), null);
  }
}

export class OptionsPage extends ExtensionView {
  static async open(extension: LoadedExtension): Promise<OptionsPage> {
    const page = await extension.openPage('options.html');
    await page.waitForSelector('input[name="endpoint"]');
    return new OptionsPage(page, extension.browserName);
  }

  /** Fills in the form and presses Save. */
  async save(fields: { endpoint: string; headers?: string }): Promise<void> {
    await this.page.type('input[name="endpoint"]', fields.endpoint);
    if (fields.headers !== undefined) await this.page.type('textarea[name="headers"]', fields.headers);
    await this.page.click('button[type="submit"]');
  }

  /** Sets the send interval (seconds) in the form, before saving. */
  setInterval(seconds: number): Promise<void> {
    return this.setNumber('export.intervalSeconds', seconds);
  }

  /** Sets a numeric setting (its input's name, as in NUMBER_SETTINGS) in the form, before saving. */
  setNumber(name: string, value: number): Promise<void> {
    return this.page.type(`input[name="${name}"]`, String(value));
  }

  /** Chooses `value` in the select `name` (e.g. signals: traces, logs or both), before saving. */
  async choose(name: string, value: string): Promise<void> {
    await this.page.evaluate(([n, v]) => {
      const select = document.querySelector<HTMLSelectElement>(`select[name="${n}"]`)!;
      select.value = v;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }, [name, value] as const);
  }

  /** Ticks the checkbox `name` (e.g. spanEvents), before saving. */
  async tick(name: string): Promise<void> {
    if (!(await this.page.evaluate((n) => document.querySelector<HTMLInputElement>(`input[name="${n}"]`)!.checked, name))) await this.page.click(`input[name="${name}"]`);
  }

  /** Presses Test connection. */
  testConnection(): Promise<void> {
    return this.page.click('[data-testid="test-connection"]');
  }

  /** The message shown after saving or testing, or null before any. */
  feedback(): Promise<string | null> {
    return this.text('[data-testid="options-feedback"]');
  }

  /** The problems the rules editor shows under a list's box, or null when it shows none. */
  ruleProblems(list: 'drop' | 'transform'): Promise<string | null> {
    return this.text(`[data-testid="rules-${list}-problems"]`);
  }

  /** What the status says of span rules left out for not compiling, or null. */
  rulesLeftOut(): Promise<string | null> {
    return this.text('[data-testid="rules-problems"]');
  }

  /** The preview's summary (`N of 100 would be dropped; …`), or null before it has spans and rules. */
  rulesPreview(): Promise<string | null> {
    return this.text('[data-testid="rules-preview-summary"]');
  }
}
