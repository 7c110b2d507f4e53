// @sentry/browser with its default integrations: the events it would send (exceptions, frames and
// which of them it calls in_app, breadcrumbs), kept by a transport that records instead of sending.
const R = __record;
const events = [];
const envelopes = [];
const frames = (exception) => ((exception.stacktrace && exception.stacktrace.frames) || []).map((f) => `${f.filename} ${f.function} ${f.lineno}:${f.colno} in_app=${f.in_app}`);
Sentry.init({
  dsn: 'http://public@127.0.0.1:9/1',
  release: 'compat',
  transport: (options) => Sentry.createTransport(options, async (request) => {
    envelopes.push(String(request.body).split('\n').filter((line) => line.startsWith('{"type"')).map((line) => JSON.parse(line).type));
    return { statusCode: 200 };
  }),
  beforeSend(event) {
    events.push({
      level: event.level,
      message: event.message,
      exceptions: ((event.exception && event.exception.values) || []).map((e) => ({ type: e.type, value: e.value, mechanism: e.mechanism, frames: frames(e) })),
      breadcrumbs: (event.breadcrumbs || []).map((b) => `${b.category} ${b.type || ''} ${b.level || ''} ${b.message || ''} ${JSON.stringify(b.data || {})}`),
    });
    return event;
  },
});
const sent = (n) => R.until(() => events.length >= n, 3000);
R.run(async () => {
  setTimeout(() => { throw new Error('thrown in a timer'); });
  await sent(1);
  void fetch('../api/destroy');
  await sent(2);
  try {
    await fetch('http://[bad');
  } catch (e) {
    Sentry.captureException(e);
  }
  await sent(3);
  await fetch('../api/json');
  await new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('GET', '../api/status?code=500');
    x.onloadend = resolve;
    x.send();
  });
  history.pushState({}, '', '?sentry=1');
  document.getElementById('button').click();
  console.error('page console error');
  Sentry.captureMessage('a message');
  await sent(4);
  void Promise.reject(new TypeError('a rejection'));
  await sent(5);
  R.note('events', events);
  // Sessions and events leave on their own schedules: which were sent counts, not their order.
  R.note('envelopes', envelopes.map(String).sort());
});
