// Streaming bodies: responses read chunk by chunk, piped, teed, and streamed request bodies.
const R = __record;
const streamOf = (parts) => new ReadableStream({ start(c) { for (const p of parts) c.enqueue(new TextEncoder().encode(p)); c.close(); } });
R.run(async () => {
  await R.step('read chunks', async () => {
    const reader = (await fetch('../api/stream')).body.getReader();
    let text = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    return text;
  });
  await R.step('pipeThrough', async () => {
    const reader = (await fetch('../api/stream')).body.pipeThrough(new TextDecoderStream()).getReader();
    const parts = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
    return parts.join('');
  });
  await R.step('tee', async () => {
    const [a, b] = (await fetch('../api/stream')).body.tee();
    return [await new Response(a).text(), await new Response(b).text()];
  });
  await R.step('cancel', async () => {
    const r = await fetch('../api/stream');
    await r.body.cancel('enough');
    return [r.bodyUsed, r.body.locked];
  });
  await R.step('locked body', async () => {
    const r = await fetch('../api/stream');
    r.body.getReader();
    return r.text();
  });
  await R.step('streamed request body', async () => (await fetch('../api/echo', { method: 'POST', body: streamOf(['a', 'b']), duplex: 'half' })).text());
  await R.step('streamed request body without duplex', async () => (await fetch('../api/echo', { method: 'POST', body: streamOf(['a']) })).text());
  await R.step('streamed Request', async () => (await fetch(new Request('../api/echo', { method: 'POST', body: streamOf(['c']), duplex: 'half' }))).text());
  await R.step('Response from a stream', () => new Response(streamOf(['x', 'y'])).text());
  await R.step('disturbed body reused', async () => {
    const r = new Request('../api/echo', { method: 'POST', body: 'once' });
    await r.text();
    return fetch(r);
  });
});
