// Server-sent events: open, messages and named events in order, then a source that fails.
const R = __record;
R.run(async () => {
  await new Promise((resolve) => {
    const source = new EventSource('../api/sse');
    source.onopen = () => R.note('open', source.readyState);
    const got = (e) => {
      R.note(e.type, { data: e.data, lastEventId: e.lastEventId, origin: e.origin === location.origin });
      if (e.lastEventId === '2') {
        source.close();
        R.note('closed', source.readyState);
        resolve();
      }
    };
    source.onmessage = got;
    source.addEventListener('custom', got);
    source.onerror = () => R.note('error', source.readyState);
  });
  // (A source whose server answers 404 is left out: Firefox reports its failure to the console
  // whenever it gets to it, before or after the page is done.)
  await R.step('invalid URL', () => new EventSource('http://[bad'));
});
