// jQuery's $.ajax (over XHR) with its global ajax events, ready handlers and DOM changes.
const R = __record;
const events = [];
for (const type of ['ajaxStart', 'ajaxSend', 'ajaxSuccess', 'ajaxError', 'ajaxComplete', 'ajaxStop']) $(document).on(type, (e, xhr, settings) => events.push(`${type} ${settings ? settings.url : ''}`));
$(() => events.push('ready'));
const settle = (jq) => new Promise((resolve) => jq.always((a, textStatus, c) => resolve({ textStatus, status: jq.status, responseText: jq.responseText, error: typeof c === 'string' ? c : undefined })));
R.run(async () => {
  await R.step('$.ajax GET', () => settle($.ajax({ url: '../api/json', dataType: 'json' })));
  await R.step('$.post', () => settle($.post('../api/echo', { a: 1, b: [2, 3] })));
  await R.step('$.getJSON 404', () => settle($.getJSON('../api/status?code=404')));
  await R.step('network error', () => settle($.ajax('../api/destroy')));
  await R.step('headers', () => settle($.ajax({ url: '../api/echo', method: 'PUT', headers: { 'X-Page': 'jq' }, contentType: 'application/json', data: '{"c":1}' })));
  await R.step('timeout', () => settle($.ajax({ url: '../api/sse', timeout: 50 })));
  await R.step('DOM', () => {
    $('#root').append('<p class="added">added</p>').find('p').addClass('more');
    return $('#root').html();
  });
  R.note('events', events);
});
