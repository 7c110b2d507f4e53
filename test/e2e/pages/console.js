// console.error with a message, an Error and an object; the page checks console.error still
// behaves as the browser's own (it returns undefined and looks native).
window.addEventListener('load', () => setTimeout(() => (document.documentElement.dataset.ready = '1'), 50));
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('pay').addEventListener('click', () => {
    const returned = console.error('Payment failed:', new TypeError('card declined'), { order: 42 });
    const looksNative = /\[native code\]/.test(String(console.error)) && console.error.name === 'error';
    document.documentElement.dataset.checked = returned === undefined && looksNative ? 'native' : 'changed';
  });
});
