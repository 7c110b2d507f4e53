// The `history` package (React Router's history): push, replace and back through its listener.
const R = __record;
R.run(async () => {
  const h = HistoryLibrary.createBrowserHistory();
  const seen = [];
  h.listen(({ action, location }) => seen.push(`${action} ${location.pathname.replace(/.*\//, '')}${location.search}${location.hash} ${JSON.stringify(location.state)}`));
  const path = location.pathname;
  h.push(`${path}?page=2`, { n: 2 });
  h.push({ pathname: path, search: '?page=3', hash: '#h' }, { n: 3 });
  h.replace(`${path}?page=4`);
  const popped = R.nextEvent(window, 'popstate', 2000);
  h.back();
  await popped;
  const blocked = h.block(() => seen.push('blocked'));
  h.push(`${path}?page=5`);
  blocked();
  h.push(`${path}?page=6`);
  R.note('seen', seen);
  R.note('location', [h.location.pathname.replace(/.*\//, ''), h.location.search, h.location.hash, h.action, window.history.length]);
});
