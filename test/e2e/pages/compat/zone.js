// An Angular-style app zone (zone.js): the tasks it sees for each page action, and whether it is
// stable again soon after (Angular's whenStable, which end-to-end tests and hydration wait on).
const R = __record;
const scheduled = [];
let has = { macroTask: false, microTask: false };
const waiters = new Set();
const app = Zone.current.fork({
  name: 'app',
  onScheduleTask(delegate, current, target, task) {
    // Microtasks come and go with the network's timing; timers and event tasks are what keep an
    // app from being stable.
    if (task.type !== 'microTask') scheduled.push(`${task.type}:${task.source}`);
    return delegate.scheduleTask(target, task);
  },
  onHasTask(delegate, current, target, state) {
    delegate.hasTask(target, state);
    has = { macroTask: state.macroTask, microTask: state.microTask };
    for (const w of waiters) w();
  },
  onHandleError(delegate, current, target, error) {
    R.note('zone error', error);
    return delegate.handleError(target, error);
  },
});
function stable(ms) {
  return new Promise((resolve) => {
    const check = () => {
      if (has.macroTask || has.microTask) return;
      waiters.delete(check);
      resolve(true);
    };
    waiters.add(check);
    Zone.root.run(() => setTimeout(() => (waiters.delete(check), resolve(false)), ms));
    check();
  });
}
async function inZone(name, action) {
  scheduled.length = 0;
  const start = performance.now();
  app.run(action);
  const settled = await stable(8000);
  // Stable within a second of the action is what an app feels as "at once"; 5 s is a stall.
  R.note(name, { tasks: [...scheduled], stableWithinASecond: settled && performance.now() - start < 1000 });
}
R.run(async () => {
  R.note('zone loaded', [typeof Zone, Zone.current.name]);
  await inZone('fetch, body unread', () => void fetch('../api/json').then((r) => r.status));
  await inZone('fetch, body read', () => void fetch('../api/json').then((r) => r.text()));
  await inZone('fetch failure', () => void fetch('../api/destroy').catch(() => 'failed'));
  await inZone('XHR', () => {
    const x = new XMLHttpRequest();
    x.open('GET', '../api/json');
    x.send();
  });
  await inZone('click()', () => document.getElementById('button').click());
  await inZone('requestSubmit()', () => {
    const form = document.getElementById('form');
    form.addEventListener('submit', (e) => e.preventDefault());
    form.requestSubmit();
  });
  await inZone('pushState', () => history.pushState({}, '', '?zone=1'));
  await inZone('timer', () => setTimeout(() => R.note('timer ran')));
});
