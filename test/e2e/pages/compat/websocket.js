// A WebSocket: text and binary echoes, a server-side close, and a refused URL.
const R = __record;
R.run(async () => {
  await new Promise((resolve) => {
    const ws = new WebSocket(`ws://${location.host}${R.prefix}ws`);
    ws.binaryType = 'arraybuffer';
    let echoes = 0;
    ws.onopen = () => {
      R.note('open', [ws.readyState, ws.protocol, ws.extensions]);
      ws.send('hello');
      ws.send(new Uint8Array([1, 2, 3]));
    };
    ws.onmessage = (e) => {
      R.note('message', typeof e.data === 'string' ? e.data : [...new Uint8Array(e.data)]);
      if (++echoes === 2) ws.send('close-me');
    };
    ws.onerror = () => R.note('error');
    ws.onclose = (e) => {
      R.note('close', { code: e.code, reason: e.reason, wasClean: e.wasClean });
      resolve();
    };
  });
  await R.step('invalid scheme', () => new WebSocket('ftp://127.0.0.1/'));
  await new Promise((resolve) => {
    const refused = new WebSocket(`ws://${location.host}/nowhere`);
    refused.onerror = () => R.note('refused error', refused.readyState);
    refused.onclose = (e) => {
      R.note('refused close', { code: e.code, wasClean: e.wasClean });
      resolve();
    };
  });
});
