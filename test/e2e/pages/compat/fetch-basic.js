// fetch in the forms pages use it: its answers, headers, bodies and errors as the browser gives them.
const R = __record;
const summary = async (response) => ({
  status: response.status,
  ok: response.ok,
  type: response.type,
  url: response.url,
  redirected: response.redirected,
  headers: [...response.headers],
  isResponse: response instanceof Response,
  proto: Object.getPrototypeOf(response) === Response.prototype,
  body: await response.text(),
});
R.run(async () => {
  await R.step('string', async () => summary(await fetch('../api/json')));
  await R.step('URL', async () => summary(await fetch(new URL('../api/json', location.href))));
  await R.step('Request', async () => summary(await fetch(new Request('../api/echo', { method: 'POST', body: 'hello', headers: { 'x-test': '1' } }))));
  await R.step('init', async () => summary(await fetch('../api/echo', { method: 'PUT', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } })));
  await R.step('Blob body', async () => summary(await fetch('../api/echo', { method: 'POST', body: new Blob(['blob-body'], { type: 'text/x-blob' }) })));
  await R.step('URLSearchParams body', async () => summary(await fetch('../api/echo', { method: 'POST', body: new URLSearchParams({ q: 'a b' }) })));
  await R.step('ArrayBuffer body', async () => summary(await fetch('../api/echo', { method: 'POST', body: new Uint8Array([1, 2, 255]).buffer })));
  await R.step('404', async () => summary(await fetch('../api/status?code=404')));
  await R.step('500', async () => summary(await fetch('../api/status?code=500')));
  await R.step('HEAD', async () => summary(await fetch('../api/json', { method: 'HEAD' })));
  await R.step('json()', async () => (await fetch('../api/json')).json());
  await R.step('clone', async () => {
    const r = await fetch('../api/json');
    const c = r.clone();
    return [await r.text(), await c.text(), r.bodyUsed, c.bodyUsed];
  });
  await R.step('unread body', async () => (await fetch('../api/json')).status);
  await R.step('same promise type', () => Object.getPrototypeOf(fetch('../api/json')) === Promise.prototype);
  await R.step('POST without a body', async () => (await (await fetch('../api/echo', { method: 'POST' })).json()).method);
  await R.step('then order', async () => {
    const order = [];
    const p = fetch('../api/json');
    p.then(() => order.push('first'));
    p.then(() => order.push('second'));
    Promise.resolve().then(() => order.push('microtask'));
    await p;
    order.push('after await');
    return order;
  });
});
