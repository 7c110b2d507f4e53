// Requests that outlive the page: keepalive fetches and beacons, as the server receives them.
const R = __record;
R.run(async () => {
  await R.step('keepalive fetch', async () => (await fetch('../api/echo?tag=keepalive', { method: 'POST', body: 'kept', keepalive: true })).text());
  await R.step('keepalive too large', () => fetch('../api/echo?tag=large', { method: 'POST', body: 'x'.repeat(70 * 1024), keepalive: true }));
  await R.step('beacon string', () => navigator.sendBeacon('../api/echo?tag=beacon', 'beacon-string'));
  await R.step('beacon Blob', () => navigator.sendBeacon('../api/echo?tag=beacon', new Blob(['{"b":1}'], { type: 'text/plain' })));
  await R.step('beacon URLSearchParams', () => navigator.sendBeacon('../api/echo?tag=beacon', new URLSearchParams({ a: '1' })));
  await R.step('beacon without a body', () => navigator.sendBeacon('../api/echo?tag=beacon'));
  await R.step('beacon to an invalid URL', () => navigator.sendBeacon('http://[bad', 'x'));
  await R.step('beacon too large', () => navigator.sendBeacon('../api/echo?tag=large', 'x'.repeat(70 * 1024)));
  await R.step('beacons arrived', () => R.seen('beacon', 4));
  await R.step('keepalive arrived', () => R.seen('keepalive', 1));
});
