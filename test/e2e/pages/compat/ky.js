// ky (fetch-based HTTP client, ES module): JSON, hooks, HTTP errors, network errors, timeouts.
import ky from '../lib/ky/distribution/index.js';
const R = __record;
const order = [];
const api = ky.create({
  retry: 0,
  hooks: {
    beforeRequest: [(request) => void order.push(`before ${request.method} ${new URL(request.url).pathname.replace(/.*\/api/, '/api')}`)],
    afterResponse: [(request, options, response) => void order.push(`after ${response.status}`)],
    beforeError: [(error) => (order.push(`error ${error.name}`), error)],
  },
});
const failed = (e) => ({ name: e.name, message: e.message, status: e.response && e.response.status, stack: e.stack });
R.run(async () => {
  await R.step('get json', () => api.get('../api/json').json());
  await R.step('post json', () => api.post('../api/echo', { json: { a: 1 } }).json());
  await R.step('searchParams', async () => (await api.get('../api/json', { searchParams: { q: 'x y' } })).url);
  await R.step('404', () => api.get('../api/status?code=404').catch((e) => failed(e)));
  await R.step('network error', () => api.get('../api/destroy').catch((e) => failed(e)));
  await R.step('timeout', () => api.get('../api/sse', { timeout: 50 }).catch((e) => failed(e)));
  R.note('order', order);
});
