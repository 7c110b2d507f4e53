// Makes `?n=` User Timing measures (1,500 by default) with a kilobyte of detail each, 100 at a
// time (within the capture rate limit), then marks the page done.
const total = Number(new URLSearchParams(location.search).get('n') ?? 1500);
const detail = 'd'.repeat(1000);
let made = 0;
function more() {
  for (const end = Math.min(total, made + 100); made < end; made++) performance.measure(`bulk-${made}`, { start: 0, detail });
  if (made < total) setTimeout(more, 100);
  else document.documentElement.dataset.done = String(made);
}
more();
setTimeout(() => (document.documentElement.dataset.ready = '1'), 0);
