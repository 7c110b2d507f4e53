// SES lockdown(): the realm's intrinsics are frozen and tamed, as in MetaMask-style apps; the
// page then uses fetch, XHR, history and errors as usual.
const R = __record;
let locked;
try {
  lockdown();
  locked = 'locked';
} catch (e) {
  locked = R.describe(e);
}
R.note('lockdown', locked);
R.run(async () => {
  R.note('frozen', [Object.isFrozen(Object.prototype), Object.isFrozen(Promise.prototype), Object.isFrozen(Function.prototype), Object.isFrozen(Array.prototype)]);
  await R.step('fetch', async () => (await (await fetch('../api/json')).json()).items);
  await R.step('fetch failure', () => fetch('../api/destroy'));
  await R.step('invalid URL', () => fetch('http://[bad'));
  await R.step('XHR', () => new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('GET', '../api/json');
    x.onloadend = () => resolve([x.status, x.responseText]);
    x.send();
  }));
  await R.step('pushState', () => history.pushState({}, '', '?ses=1'));
  await R.step('click()', () => document.getElementById('button').click());
  await R.step('Compartment', () => new Compartment().evaluate('[1, 2].map((x) => x * 2)'));
  await R.step('harden', () => Object.isFrozen(harden({ a: { b: 1 } }).a));
  await R.step('unhandled rejection', () => {
    const fired = R.nextEvent(window, 'unhandledrejection', 2000);
    void fetch('../api/destroy');
    return fired.then((e) => !!e);
  });
});
