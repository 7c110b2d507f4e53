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
  await R.step('no URL', () => new WebSocket());
  await R.step('send while connecting', () => {
    const early = new WebSocket(`ws://${location.host}${R.prefix}ws`);
    try {
      early.send('too early');
    } finally {
      early.close();
    }
  });
  // A subclass, as socket libraries make: its prototype, new.target and the platform's statics.
  await new Promise((resolve) => {
    class Chat extends WebSocket {
      constructor(url) {
        super(url, ['chat.v1']);
        this.made = new.target === Chat;
      }
    }
    const chat = new Chat(`ws://${location.host}${R.prefix}ws`);
    R.note('subclass', [chat.made, chat instanceof Chat, chat instanceof WebSocket, Object.getPrototypeOf(Chat) === WebSocket, chat.constructor === Chat, Chat.OPEN, chat.readyState]);
    chat.onopen = () => {
      R.note('subclass open', [chat.protocol, chat.readyState]);
      chat.send(new Blob(['blob']));
      chat.send(new DataView(new ArrayBuffer(2)));
      chat.send(42);
    };
    let echoes = 0;
    chat.onmessage = (e) => {
      R.note('subclass message', typeof e.data === 'string' ? e.data : Object.prototype.toString.call(e.data));
      if (++echoes === 3) chat.close(1000, 'done');
    };
    chat.onclose = (e) => {
      R.note('subclass close', { code: e.code, reason: e.reason, wasClean: e.wasClean });
      resolve();
    };
  });
  await new Promise((resolve) => {
    const refused = new WebSocket(`ws://${location.host}/nowhere`);
    refused.onerror = () => R.note('refused error', refused.readyState);
    refused.onclose = (e) => {
      R.note('refused close', { code: e.code, wasClean: e.wasClean });
      resolve();
    };
  });
});
