// A single-page app: views change with history.pushState and the back button, and each view
// loads its data after the route changed.
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('next').addEventListener('click', async () => {
    history.pushState({ view: 2 }, '', '?view=2');
    // Still in flight when the user goes back: it belongs to the view it started in.
    void fetch('/api/slow?after=push-slow');
    await fetch('/api/data?after=push');
    document.documentElement.dataset.view = '2';
  });
  document.getElementById('back').addEventListener('click', () => history.back());
  window.addEventListener('popstate', async () => {
    await fetch('/api/data?after=pop');
    document.documentElement.dataset.view = 'back';
  });
  document.documentElement.dataset.ready = '1';
});
