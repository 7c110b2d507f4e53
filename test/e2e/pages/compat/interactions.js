// Programmatic interactions and navigations: the events the page gets, in order, and their values.
const R = __record;
const events = [];
for (const type of ['click', 'submit', 'keydown', 'input', 'focus', 'pointerdown']) document.addEventListener(type, (e) => events.push(`${type}:${e.target.id || e.target.nodeName}:${e.isTrusted}`), true);
addEventListener('popstate', (e) => events.push(`popstate:${JSON.stringify(e.state)}:${location.search}`));
addEventListener('hashchange', (e) => events.push(`hashchange:${new URL(e.newURL).hash}`));
R.run(async () => {
  const button = document.getElementById('button');
  const form = document.getElementById('form');
  form.addEventListener('submit', (e) => e.preventDefault());
  button.addEventListener('click', () => events.push('button handler'));
  await R.step('click()', () => button.click());
  await R.step('dispatchEvent click', () => button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
  await R.step('requestSubmit()', () => form.requestSubmit());
  await R.step('requestSubmit(submitter)', () => form.requestSubmit(document.getElementById('submit')));
  await R.step('submit button click()', () => document.getElementById('submit').click());
  await R.step('focus', () => document.getElementById('field').focus());
  await R.step('keydown', () => document.getElementById('field').dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true })));
  await R.step('link click()', async () => {
    const fired = R.nextEvent(window, 'hashchange', 2000);
    document.getElementById('link').click();
    return (await fired) && location.hash;
  });
  await R.step('pushState', () => [history.pushState({ page: 1 }, '', '?page=1'), history.length, history.state]);
  await R.step('pushState same URL', () => [history.pushState({ page: 2 }, ''), history.state]);
  await R.step('replaceState', () => [history.replaceState({ page: 3 }, 'title', '?page=3'), history.state, location.search]);
  await R.step('location.hash', async () => {
    const fired = R.nextEvent(window, 'hashchange', 2000);
    location.hash = 'other';
    return !!(await fired);
  });
  await R.step('back', async () => {
    // This step changes the hash too: both events come, in an order the browser does not fix
    // between runs, so the step waits for both before the next one adds its own.
    const fired = Promise.all([R.nextEvent(window, 'popstate', 2000), R.nextEvent(window, 'hashchange', 2000)]);
    history.back();
    return (await fired).every(Boolean) && [location.search, location.hash, history.state];
  });
  await R.step('go(-1)', async () => {
    const fired = R.nextEvent(window, 'popstate', 2000);
    history.go(-1);
    return !!(await fired) && [location.search, history.state];
  });
  await R.step('forward', async () => {
    const fired = R.nextEvent(window, 'popstate', 2000);
    history.forward();
    return !!(await fired) && [location.search, history.state];
  });
  document.title = 'changed by the page';
  R.note('events', events);
});
