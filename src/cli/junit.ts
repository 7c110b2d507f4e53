/**
 * The `--junit` file: a `<testsuite>` per URL and a `<testcase>` per assertion, which CI systems
 * show as tests (a failed assertion as a failed test, its message as the failure's).
 */
import type { AssertionResult, TraceReport } from './types';

/**
 * Characters XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets): C0 controls but tab,
 * newline and return, lone surrogates, U+FFFE and U+FFFF. A page's strings may hold any of them,
 * and no escape can stand for them: they become U+FFFD.
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** `text` as an attribute value or character data: forbidden characters replaced, markup and whitespace escaped (a parser would fold tab and newline in an attribute to spaces). */
export function xmlText(text: string): string {
  return text.replace(FORBIDDEN, '\ufffd').replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c]!);
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${xmlText(String(value))}"`)
    .join('');

function testcase(a: AssertionResult): string {
  const open = `    <testcase${attributes({ classname: a.url, name: a.metric })}`;
  if (a.passed) return `${open}/>`;
  return `${open}>\n      <failure${attributes({ message: a.message, type: 'budget' })}>${xmlText(a.message)}</failure>\n    </testcase>`;
}

/** The JUnit XML of `report`: with no budget, a testsuite per URL with no testcases. */
export function junitXml(report: TraceReport): string {
  const failures = (list: AssertionResult[]) => list.filter((a) => !a.passed).length;
  const suites = report.urls.map(({ url }) => {
    const own = report.assertions.filter((a) => a.url === url);
    const head = `  <testsuite${attributes({ name: url, tests: own.length, failures: failures(own), errors: 0 })}`;
    return own.length ? `${head}>\n${own.map(testcase).join('\n')}\n  </testsuite>` : `${head}/>`;
  });
  const all = report.urls.flatMap(({ url }) => report.assertions.filter((a) => a.url === url));
  const root = `<testsuites${attributes({ name: 'spanlight trace', tests: all.length, failures: failures(all), errors: 0 })}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...suites, '</testsuites>', ''].join('\n');
}
