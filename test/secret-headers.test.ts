import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { keepHeadersSecret } from '../src/background/secret-headers';
import { Exporter } from '../src/export/exporter';
import { getUserSettings, SAVED_HEADER, SETTINGS_KEY } from '../src/settings';
import { SpanlightDB } from '../src/store/db';
import { readSecretHeaders, resolveHeaders } from '../src/store/secrets';
import { scriptedFetch } from './support/requests';
import { makeSpan } from './support/spans';
import { store } from './support/store';

const ENDPOINT = 'http://collector.test/v1/traces';
const SECRET = 'sk-live-7d1e0c9a';
let db: SpanlightDB;
beforeEach(() => {
  fakeBrowser.reset();
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(() => db.delete());

/** Writes the settings as a script would, and lets the background see the change. */
async function write(exportSettings: Record<string, unknown>) {
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { export: { endpoint: ENDPOINT, ...exportSettings }, sampling: { percent: 50 } } });
  await keepHeadersSecret(db, await getUserSettings());
}
const everythingInStorageLocal = async () => JSON.stringify(await fakeBrowser.storage.local.get(null));

describe('export header values', () => {
  it('leave storage.local, which content scripts can read, keeping only their names there', async () => {
    await write({ headers: { 'x-api-key': SECRET, authorization: `Bearer ${SECRET}` } });
    const local = await everythingInStorageLocal();
    expect(local).not.toContain(SECRET);
    expect((await getUserSettings()).export.headers).toEqual({ 'x-api-key': SAVED_HEADER, authorization: SAVED_HEADER });
    // The rest of what the script wrote is left as it was.
    expect((await getUserSettings()).sampling.percent).toBe(50);
    expect(await readSecretHeaders(db)).toEqual({ 'x-api-key': SECRET, authorization: `Bearer ${SECRET}` });
  });

  it('are still sent by export', async () => {
    await write({ headers: { 'x-api-key': SECRET } });
    await store(db, [makeSpan()]);
    const { send, requests } = scriptedFetch(new Response('', { status: 200 }));
    const exporter = new Exporter(db, { userAgent: 'UA', sdkVersion: '0.1.0' }, send);
    await exporter.run();
    exporter.stop();
    expect(requests[0]!.headers['x-api-key']).toBe(SECRET);
  });

  it('are kept when written back as saved, replaced when typed anew, and forgotten with their name', async () => {
    await write({ headers: { 'x-api-key': SECRET, 'x-tenant': 't1' } });
    await write({ headers: { 'x-api-key': SAVED_HEADER, 'x-tenant': 't2' } });
    expect(await resolveHeaders(db, (await getUserSettings()).export.headers)).toEqual({ 'x-api-key': SECRET, 'x-tenant': 't2' });
    await write({ headers: { 'x-tenant': SAVED_HEADER } });
    expect(await readSecretHeaders(db)).toEqual({ 'x-tenant': 't2' });
    expect(await everythingInStorageLocal()).not.toContain('t2');
    // A saved name with no stored value is not sent at all.
    expect(await resolveHeaders(db, { 'x-gone': SAVED_HEADER })).toEqual({});
  });
});
