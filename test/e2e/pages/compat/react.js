// React 18 (UMD builds): an app that fetches in an effect, re-renders on a click, and catches a
// render error in an error boundary.
const R = __record;
const e = React.createElement;
let rendered;
const renderedAgain = new Promise((resolve) => (rendered = resolve));
function App() {
  const [items, setItems] = React.useState(null);
  const [clicks, setClicks] = React.useState(0);
  React.useEffect(() => {
    R.note('effect');
    fetch('../api/json').then((r) => r.json()).then((d) => setItems(d.items));
  }, []);
  React.useEffect(() => {
    if (items) rendered(items);
  }, [items]);
  return e('div', null,
    e('button', { id: 'react-button', onClick: (ev) => { R.note('onClick', [ev.type, ev.isTrusted]); setClicks((c) => c + 1); } }, `clicks ${clicks}`),
    items && e('ul', null, items.map((i) => e('li', { key: i }, i))),
    e(Boundary, null, e(Thrower)));
}
class Boundary extends React.Component {
  constructor(props) { super(props); this.state = { error: null }; }
  static getDerivedStateFromError(error) { return { error }; }
  componentDidCatch(error) { R.note('didCatch', error.message); }
  render() { return this.state.error ? e('p', null, 'caught') : this.props.children; }
}
function Thrower() { throw new Error('render failed'); }
R.run(async () => {
  const root = ReactDOM.createRoot(document.getElementById('root'));
  root.render(e(App));
  await renderedAgain;
  document.getElementById('react-button').click();
  await R.until(() => document.getElementById('react-button').textContent === 'clicks 1', 3000);
  R.note('html', document.getElementById('root').innerHTML);
});
