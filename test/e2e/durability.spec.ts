/**
 * Durable export under faults, in Chromium: the collector down and back, 429 with Retry-After,
 * bursts of 503, slow answers, connections reset mid-request, the worker killed mid-export, and
 * the browser closed and relaunched on the same profile. Every captured span (by id) must reach
 * the collector; a span may arrive twice only as the retry of a batch whose answer was lost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, openReadyPage, type LoadedExtension } from './support/extension';
import { startReceiver, type OtlpReceiver } from './support/receiver';
import { startTestSite, type TestSite } from './support/server';

let site: TestSite;
let receiver: OtlpReceiver;
let extension: LoadedExtension;
let profile: string;

const SETTINGS = (endpoint: string) => ({ export: { endpoint, intervalSeconds: 1 } });

/** Loads the test page once, clicks, and resolves with the ids of the spans now stored. */
async function capture(): Promise<Set<string>> {
  const before = (await extension.storedSpans()).length;
  const page = await openReadyPage(extension, `${site.origin}/plain/app.html`);
  await page.click('#buy');
  await expect.poll(async () => (await extension.storedSpans()).length).toBeGreaterThanOrEqual(before + 9);
  await page.close();
  return new Set((await extension.storedSpans()).map((s) => s.spanId));
}

/** Resolves once every span in `ids` has reached the collector, and the extension has its answer. */
async function allDelivered(ids: Set<string>, timeoutMs = 45_000): Promise<void> {
  await receiver.waitFor((spans) => {
    const got = new Set(spans.map((s) => s.spanId));
    return [...ids].every((id) => got.has(id));
  }, timeoutMs);
  // Marked exported only once a 2xx came back: nothing left pending for these spans.
  await expect
    .poll(async () => (await extension.storedSpans()).filter((s) => ids.has(s.spanId) && !s.exported).length, { timeout: timeoutMs })
    .toBe(0);
}

beforeAll(async () => {
  profile = await mkdtemp(join(tmpdir(), 'spanlight-durable-'));
  [site, receiver, extension] = await Promise.all([startTestSite(), startReceiver(), launchExtension('chromium', { profile })]);
  await extension.setSettings(SETTINGS(receiver.endpoint));
});
afterAll(async () => {
  await extension?.close();
  await Promise.all([site?.close(), receiver?.close()]);
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe('durable export in chromium', () => {
  it('delivers everything once a collector that was down comes back', async () => {
    await receiver.stop();
    const ids = await capture();
    await expect.poll(async () => (await extension.status())?.export.lastError ?? '').toMatch(/collector unreachable/);
    await receiver.start();
    await allDelivered(ids);
  });

  it('waits as long as a 429 Retry-After asks', async () => {
    receiver.faults.push({ status: 429, retryAfter: '2' });
    const ids = await capture();
    await allDelivered(ids);
    const refused = receiver.requests.findLast((r) => r.outcome === 'refused')!;
    const next = receiver.requests.find((r) => r.at > refused.at)!;
    expect(next.at - refused.at).toBeGreaterThanOrEqual(2000);
  });

  it('rides out a burst of 503s', async () => {
    receiver.faults.push({ status: 503 }, { status: 503 }, { status: 503 });
    await allDelivered(await capture());
  });

  it('waits for slow answers', async () => {
    receiver.faults.push({ delayMs: 3000 });
    await allDelivered(await capture());
  });

  it('sends again what a connection reset mid-request may have lost', async () => {
    receiver.faults.push({ reset: true }, { reset: true });
    await allDelivered(await capture());
  });

  it('loses nothing when the worker is killed mid-export', async () => {
    receiver.faults.push({ hold: true });
    const ids = await capture();
    const held = await receiver.waitForRequest((r) => r.outcome === 'held');
    await extension.killBackground!();
    // The answer can no longer arrive: the worker that asked is gone.
    await expect.poll(() => held.outcome).toBe('lost');
    receiver.release();
    // A page's content script wakes the worker, which sends what is still pending.
    await allDelivered(new Set([...ids, ...(await capture())]));
  });

  it('loses nothing when the browser is closed and relaunched on the same profile', async () => {
    await receiver.stop();
    const ids = await capture();
    await extension.close();
    await receiver.start();
    extension = await launchExtension('chromium', { profile });
    await allDelivered(ids);
  });

  it('sent a span twice only when an earlier copy of it went unanswered', () => {
    const seen = new Map<string, number>();
    let duplicates = 0;
    for (const request of receiver.requests.filter((r) => r.outcome !== 'refused')) {
      for (const id of request.spanIds) {
        const earlier = seen.get(id);
        if (earlier !== undefined) {
          duplicates++;
          expect(receiver.requests[earlier]!.outcome).toBe('lost');
        }
        seen.set(id, receiver.requests.indexOf(request));
      }
    }
    const lost = receiver.requests.filter((r) => r.outcome === 'lost').length;
    console.log(`durability: ${seen.size} spans delivered, ${duplicates} duplicates, all from the ${lost} requests whose answer was lost`);
  });
});
