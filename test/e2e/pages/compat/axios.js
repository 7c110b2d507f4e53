// axios through its XHR adapter and its fetch adapter: answers, errors, cancellation, interceptors.
const R = __record;
const order = [];
axios.interceptors.request.use((config) => (order.push(`request ${config.method} ${config.url}`), config));
axios.interceptors.response.use((response) => (order.push(`response ${response.status}`), response), (error) => (order.push(`error ${error.code}`), Promise.reject(error)));
const shown = (r) => ({ status: r.status, statusText: r.statusText, data: r.data, headers: { ...r.headers } });
const failed = (e) => ({ name: e.name, message: e.message, code: e.code, status: e.response && e.response.status, stack: e.stack, cause: e.cause && R.describe(e.cause) });
async function both(name, call, withCause = true) {
  for (const adapter of ['xhr', 'fetch']) {
    try {
      R.note(`${name} (${adapter})`, shown(await call({ adapter })));
    } catch (e) {
      const { cause, ...rest } = failed(e);
      R.note(`${name} (${adapter}) failed`, withCause ? { ...rest, cause } : rest);
    }
  }
}
R.run(async () => {
  await both('get', (c) => axios.get('../api/json', c));
  await both('post', (c) => axios.post('../api/echo', { a: 1 }, c));
  await both('404', (c) => axios.get('../api/status?code=404', c));
  await both('network error', (c) => axios.get('../api/destroy', c));
  await both('cancelled', (c) => {
    const controller = new AbortController();
    const p = axios.get('../api/aborted', { ...c, signal: controller.signal });
    controller.abort();
    return p;
  });
  // No cause: axios's fetch adapter gives its timeout error the AbortError as cause or none,
  // whichever of its timer and the stream's abort comes first (two visits without any extension
  // differed in Firefox).
  await both('timeout', (c) => axios.get('../api/sse', { ...c, timeout: 50 }), false);
  R.note('order', order);
});
