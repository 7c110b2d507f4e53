// A page under `require-trusted-types-for 'script'` with one allowed policy: its sinks refuse
// strings, and everything else (fetch, XHR, history, timers) works as before.
const R = __record;
let violations = 0;
document.addEventListener('securitypolicyviolation', () => violations++);
R.run(async () => {
  R.note('trustedTypes', typeof trustedTypes);
  await R.step('innerHTML from a string', () => {
    document.getElementById('root').innerHTML = '<b>string</b>';
    return document.getElementById('root').innerHTML;
  });
  const policy = await (async () => {
    try {
      return trustedTypes.createPolicy('app', { createHTML: (s) => s, createScriptURL: (s) => s, createScript: (s) => s });
    } catch (e) {
      R.note('createPolicy threw', e);
      return undefined;
    }
  })();
  await R.step('innerHTML from the policy', () => {
    document.getElementById('root').innerHTML = policy.createHTML('<i>trusted</i>');
    return document.getElementById('root').innerHTML;
  });
  await R.step('a second policy name', () => trustedTypes.createPolicy('other', {}));
  await R.step('script src from a string', () => {
    const s = document.createElement('script');
    s.src = 'nothing.js';
    return s.src;
  });
  await R.step('setTimeout with a string', () => setTimeout('window.__ran = 1'));
  await R.step('fetch', async () => (await fetch('../api/json')).status);
  await R.step('XHR', () => new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('GET', '../api/json');
    x.onloadend = () => resolve(x.status);
    x.send();
  }));
  await R.step('pushState', () => history.pushState({}, '', '?tt=1'));
  await R.step('click()', () => document.getElementById('button').click());
  // Every violation the page saw must have reached the report URL too.
  await R.step('reports arrived', async () => {
    for (let i = 0; i < 200; i++) {
      if ((await (await fetch('../api/reports')).json()).reports >= violations) return violations;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return 'missing';
  });
});
