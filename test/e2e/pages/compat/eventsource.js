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
  await new Promise((resolve) => {
    const failing = new EventSource('../api/status?code=404');
    failing.onerror = () => {
      // Closed at once: a source left to reconnect logs its failures whenever they happen.
      failing.close();
      R.note('failing source', failing.readyState);
      resolve();
    };
  });
  await R.step('invalid URL', () => new EventSource('http://[bad'));
});
