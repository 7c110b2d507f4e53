/**
 * The viewer's new code against hostile page strings: the errors list on a stack a page chose,
 * and Copy as cURL on URLs a page or a file chose.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SPAN_LIMITS } from '../src/protocol/span';
import { curlCommand } from '../src/viewer/copy-request';
import { splitUrl } from '../src/viewer/network';
import { groupErrors, topFrame, traceErrors } from '../src/viewer/errors';
import { layoutTrace } from '../src/viewer/trace';
import { makeSpan } from './support/spans';

describe('errors list on a hostile stack', () => {
  it('finds the top frame of a long stack in linear time', () => {
    const started = performance.now();
    topFrame('@'.repeat(SPAN_LIMITS.string));
    expect(performance.now() - started).toBeLessThan(20);
  });

  it('groups a span’s exception events with long stacks without hanging the Errors tab', () => {
    const events = Array.from({ length: 16 }, () => ({ name: 'exception', time: [1, 0] as [number, number], attributes: { 'exception.stacktrace': '@'.repeat(SPAN_LIMITS.string) } }));
    const layout = layoutTrace([makeSpan(0, { status: { code: 2 }, events })]);
    const started = performance.now();
    expect(groupErrors(traceErrors(layout))).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(100);
  }, 30_000);
});

describe('network rows on a hostile URL', () => {
  it('splits a URL of many #s in linear time (each waterfall render splits every row in view)', () => {
    const url = `https://a.example/x${'#'.repeat(SPAN_LIMITS.string - 40)}\n`;
    const started = performance.now();
    expect(splitUrl(url)).toEqual({ file: 'x', where: 'https://a.example/' });
    expect(performance.now() - started).toBeLessThan(20);
  });
});

/** The arguments curl gets from a pasted command: what sh makes of it. */
const curlArgs = (command: string) =>
  JSON.parse(execFileSync('sh', ['-c', `curl() { node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "$@"; }; ${command}`], { encoding: 'utf8' })) as string[];

describe('Copy as cURL on hostile URLs', () => {
  it('a URL that starts with - is passed as the URL, never read as an option', () => {
    for (const url of ['-o/tmp/spanlight-pwned', '--config=/tmp/x', '-K/tmp/x']) {
      const args = curlArgs(curlCommand({ method: 'GET', url }));
      const at = args.indexOf(url);
      expect(at).toBeGreaterThanOrEqual(0);
      // Either curl is told where options end, or the URL is given to --url.
      expect(['--', '--url']).toContain(args[at - 1]);
    }
  });

  it('holds no terminal control characters (escape sequences, Ctrl-C, the end of a bracketed paste)', () => {
    const command = curlCommand({ method: 'GET', url: 'https://a.example/\x1b[201~\x03\nid\x15\x7f\x9b' });
    // eslint-disable-next-line no-control-regex
    expect(command).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });
});
