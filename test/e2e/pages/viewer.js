// A page whose strings are markup: an error message, a measure name, a request URL and a click
// target. The viewer must show them as text. The page is ready once all of them happened.
const PAYLOAD = '<img src=x onerror="window.__xss=1">';
document.addEventListener('DOMContentLoaded', () => {
  const button = document.querySelector('button');
  button.addEventListener('click', () => {
    performance.mark('a');
    performance.measure(`<b id="xss">${PAYLOAD}</b>`, 'a');
  });
});
window.addEventListener('load', async () => {
  await fetch(`/api/data?name=${encodeURIComponent('<script>window.__xss=1</script>')}`);
  setTimeout(() => {
    throw new Error(PAYLOAD);
  });
  setTimeout(() => (document.documentElement.dataset.ready = '1'), 50);
});
