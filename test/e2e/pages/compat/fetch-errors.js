// Failed fetches: what the page's own handlers and its unhandledrejection listeners receive.
const R = __record;
async function unhandled(name, start) {
  // A failure nobody handles must reach unhandledrejection; the wait is bounded so a missing
  // event shows as a difference instead of a stuck page.
  const event = R.nextEvent(window, 'unhandledrejection', 3000);
  start();
  R.note(name, (await event) ? 'unhandledrejection fired' : 'no unhandledrejection');
}
R.run(async () => {
  await unhandled('network error, unhandled', () => void fetch('../api/destroy'));
  await unhandled('invalid URL, unhandled', () => void fetch('http://[bad'));
  await unhandled('invalid method, unhandled', () => void fetch('../api/json', { method: 'CONNECT' }));
  await unhandled('illegal invocation, unhandled', () => void fetch.call({}, '../api/json'));
  await unhandled('abort with a reason, unhandled', () => {
    const c = new AbortController();
    void fetch('../api/aborted', { signal: c.signal });
    c.abort(new RangeError('stopped by the page'));
  });
  await unhandled('abort, unhandled', () => {
    const c = new AbortController();
    void fetch('../api/aborted', { signal: c.signal });
    c.abort();
  });
  await unhandled('aborted signal, unhandled', () => void fetch('../api/json', { signal: AbortSignal.abort('already') }));
  await R.step('network error, caught', () => fetch('../api/destroy'));
  await R.step('invalid URL, caught', () => fetch('http://[bad'));
  await R.step('invalid header, caught', () => fetch('../api/json', { headers: { 'bad header': 'x' } }));
  await R.step('GET with body, caught', () => fetch('../api/json', { method: 'GET', body: 'x' }));
  await R.step('abort with a reason, caught', () => {
    const c = new AbortController();
    const p = fetch('../api/aborted', { signal: c.signal });
    c.abort(new RangeError('stopped by the page'));
    return p;
  });
  await R.step('abort while reading', async () => {
    const c = new AbortController();
    const r = await fetch('../api/stream', { signal: c.signal });
    c.abort(new SyntaxError('stop reading'));
    return r.text();
  });
  await R.step('reason is the same object', async () => {
    const c = new AbortController();
    const reason = { mine: true };
    const p = fetch('../api/aborted', { signal: c.signal });
    c.abort(reason);
    return p.catch((e) => e === reason);
  });
  // A rejection handled only after unhandledrejection fired gets rejectionhandled.
  const late = fetch('../api/destroy');
  R.note('late handler', (await R.nextEvent(window, 'unhandledrejection', 3000)) ? 'unhandledrejection fired' : 'no unhandledrejection');
  const handled = R.nextEvent(window, 'rejectionhandled', 3000);
  late.catch(() => {});
  R.note('late handler attached', (await handled) ? 'rejectionhandled fired' : 'no rejectionhandled');
});
