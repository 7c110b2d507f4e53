// Runs whether or not the previous script died, and reads what the page's scope holds.
const R = __record;
R.run(async () => {
  R.note('typeof capture', typeof capture);
  R.note('window.capture', 'capture' in window ? typeof window.capture : 'absent');
  R.note('global symbols', Object.getOwnPropertySymbols(window).map(String));
  R.note('window keys', Object.keys(window));
  R.note('document keys', Object.keys(document));
  R.note('documentElement attributes', [...document.documentElement.attributes].map((a) => a.name));
  R.note('scripts', [...document.scripts].map((s) => s.getAttribute('src')));
});
