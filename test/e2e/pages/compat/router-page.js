// page.js, a click-and-popstate router: routes reached by page(), by a link click it intercepts,
// and by the back button.
const R = __record;
R.run(async () => {
  // page.js ignores popstate until a task after the load event (Safari's initial popstate).
  if (document.readyState !== 'complete') await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  await new Promise((resolve) => setTimeout(resolve));
  const path = location.pathname;
  const base = path.replace(/\/[^/]*$/, '');
  const seen = [];
  page.base(base);
  page('/router-page.html', (ctx) => seen.push(`route ${ctx.path} ${ctx.querystring}`));
  page('/other', (ctx) => seen.push(`other ${ctx.path} ${ctx.state && ctx.state.path}`));
  page('*', (ctx) => seen.push(`fallback ${ctx.path}`));
  page.start({ click: true, popstate: true, dispatch: true });
  page('/other');
  const link = document.createElement('a');
  link.href = `${base}/router-page.html?via=link`;
  link.textContent = 'link';
  document.body.append(link);
  link.click();
  const popped = R.nextEvent(window, 'popstate', 2000);
  history.back();
  await popped;
  await R.until(() => seen.length >= 4, 2000);
  page.stop();
  R.note('seen', seen);
  R.note('location', [location.pathname.replace(/.*\//, ''), location.search]);
});
