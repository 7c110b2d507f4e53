// A site whose CSP is `script-src 'self'` with a report-uri: the page's own violations are
// reported, and nothing else may be.
const R = __record;
let violations = 0;
document.addEventListener('securitypolicyviolation', () => violations++);
// The smallest valid module: compiling it is refused without 'wasm-unsafe-eval'.
const EMPTY_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
R.run(async () => {
  await R.step('fetch', async () => (await fetch('../api/json')).status);
  await R.step('XHR', () => new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('GET', '../api/json');
    x.onloadend = () => resolve(x.status);
    x.send();
  }));
  await R.step('pushState', () => history.pushState({}, '', '?csp=1'));
  await R.step('click()', () => document.getElementById('button').click());
  await R.step('eval', () => eval('1 + 1'));
  await R.step('new Function', () => new Function('return 1')());
  await R.step('WebAssembly.compile', () => WebAssembly.compile(EMPTY_MODULE));
  await R.step('inline script', () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    return typeof window.__inline;
  });
  await R.step('reports arrived', async () => {
    for (let i = 0; i < 200; i++) {
      if ((await (await fetch('../api/reports')).json()).reports >= violations) return violations;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return 'missing';
  });
});
