// XMLHttpRequest as pages and older libraries drive it: events in order, states, and the
// errors its methods throw (with their stacks).
const R = __record;
const TYPES = ['readystatechange', 'loadstart', 'progress', 'abort', 'error', 'load', 'timeout', 'loadend'];
function request(name, drive) {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    const events = [];
    const finish = () => {
      R.note(name, { events, status: x.status, statusText: x.statusText, responseURL: x.responseURL, text: x.responseType === '' || x.responseType === 'text' ? x.responseText : R.describe(x.response), headers: x.getAllResponseHeaders() });
      resolve();
    };
    for (const type of TYPES) x.addEventListener(type, (e) => {
      events.push(`${type}:${x.readyState}:${x.status}${e.lengthComputable ? ':' + e.loaded + '/' + e.total : ''}`);
      if (type === 'loadend') finish();
    });
    x.onreadystatechange = () => events.push(`onreadystatechange:${x.readyState}`);
    try {
      if (drive(x) === 'sync') finish();
    } catch (e) {
      R.note(`${name}: threw`, e);
      finish();
    }
  });
}
// One object opened again before its first request's loadend reached every listener, as polling
// code does: the events both requests fire, in order, and what the second answered.
function reopened(name, when) {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    const events = [];
    let again = 0;
    const reopen = () => {
      if (again++) return;
      x.open('POST', '../api/echo');
      x.send('again');
    };
    for (const type of TYPES) x.addEventListener(type, () => {
      events.push(`${type}:${x.readyState}:${x.status}`);
      if (when === type && (x.readyState === 4 || type === 'loadstart')) reopen();
      if (type === 'loadend' && x.readyState === 4 && again) {
        R.note(name, { events, status: x.status, responseURL: x.responseURL, text: x.responseText });
        resolve();
      }
    });
    x.open('GET', when === 'in flight' ? '../api/aborted' : '../api/json');
    x.send();
    if (when === 'in flight') reopen();
  });
}
R.run(async () => {
  await request('GET', (x) => (x.open('GET', '../api/json'), x.send()));
  await request('POST with a header', (x) => {
    x.open('POST', '../api/echo');
    x.setRequestHeader('Content-Type', 'application/json');
    x.setRequestHeader('X-Page', 'compat');
    x.send('{"a":1}');
  });
  await request('URL object', (x) => (x.open('GET', new URL('../api/json', location.href)), x.send()));
  await request('json responseType', (x) => {
    x.open('GET', '../api/json');
    x.responseType = 'json';
    x.send();
  });
  await request('404', (x) => (x.open('GET', '../api/status?code=404'), x.send()));
  await request('network error', (x) => (x.open('GET', '../api/destroy'), x.send()));
  await request('abort', (x) => (x.open('GET', '../api/aborted'), x.send(), x.abort()));
  await request('timeout', (x) => {
    x.open('GET', '../api/sse');
    x.timeout = 50;
    x.send();
  });
  await request('synchronous', (x) => (x.open('GET', '../api/json', false), x.send(), 'sync'));
  // It throws, with no event: the same error and stack through the wrapper, which ends its span.
  await request('synchronous network error', (x) => (x.open('GET', '../api/destroy', false), x.send(), 'sync'));
  await request('synchronous, sent again when done', (x) => (x.open('GET', '../api/json', false), x.send(), x.send(), 'sync'));
  await request('second send', (x) => {
    x.open('GET', '../api/json');
    x.send();
    x.send();
  });
  await request('header before open', (x) => x.setRequestHeader('a', 'b'));
  await request('forbidden method', (x) => x.open('CONNECT', '../api/json'));
  await request('invalid URL', (x) => x.open('GET', 'http://[bad'));
  await request('invalid header name', (x) => (x.open('GET', '../api/json'), x.setRequestHeader('bad header', 'x')));
  await request('open twice', (x) => (x.open('GET', '../api/status?code=500'), x.open('GET', '../api/json'), x.send()));
  await reopened('reopened from load', 'load');
  await reopened('reopened at readystatechange 4', 'readystatechange');
  await reopened('reopened from loadend', 'loadend');
  await reopened('reopened in flight', 'in flight');
  await reopened('reopened from loadstart', 'loadstart');
  await request('aborted from onload', (x) => {
    x.onload = () => x.abort();
    x.open('GET', '../api/json');
    x.send();
  });
  await request('URL whose toString opens again', (x) => {
    x.open('POST', { toString: () => (x.open('GET', '../api/status?code=404'), '../api/echo') });
    x.send('outer');
  });
  await request('send from readystatechange 1', (x) => {
    let n = 0;
    x.addEventListener('readystatechange', () => x.readyState === 1 && !n++ && x.send());
    x.open('GET', '../api/json');
  });
  await request('open from readystatechange 1', (x) => {
    let n = 0;
    x.addEventListener('readystatechange', () => x.readyState === 1 && !n++ && x.open('GET', '../api/json'));
    x.open('POST', '../api/echo');
    x.send('outer');
  });
  await new Promise((resolve) => {
    // Sent, aborted and opened again from readystatechange 1: both requests' events, in order.
    const x = new XMLHttpRequest();
    const events = [];
    let n = 0;
    for (const type of TYPES) x.addEventListener(type, () => {
      events.push(`${type}:${x.readyState}:${x.status}`);
      if (type === 'loadend' && x.status === 200) {
        R.note('send, abort and open from readystatechange 1', { events, responseURL: x.responseURL, text: x.responseText });
        resolve();
      }
    });
    x.addEventListener('readystatechange', () => x.readyState === 1 && !n++ && (x.send('a'), x.abort(), x.open('GET', '../api/json')));
    x.open('POST', '../api/echo');
    x.send('outer');
  });
  for (const self of [1, 'x', null, undefined, {}]) {
    for (const method of ['open', 'abort']) {
      try {
        XMLHttpRequest.prototype[method].call(self, 'GET', '../api/json');
      } catch (e) {
        R.note(`${method} on ${typeof self} ${self}: threw`, e);
      }
    }
  }
  // Last: its second request's loadend notes it again after the case has resolved.
  await request('reused after load', async (x) => {
    x.open('GET', '../api/json');
    x.send();
    await new Promise((resolve) => x.addEventListener('loadend', resolve, { once: true }));
    x.open('POST', '../api/echo');
    x.send('again');
  });
});
