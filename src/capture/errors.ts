/**
 * Uncaught errors, unhandled rejections, resources that failed to load and CSP violations.
 * Page objects are read defensively: getters may throw.
 */
import { PAGE_LIMITS, type PageEvent } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { CaptureContext } from './context';
import { imitate } from './native';
import { apply, now } from './platform';
import { describeError, isError, reader } from './page-values';

const objectToString = Object.prototype.toString;

/** An ErrorEvent's fields, by the platform's getters. */
export const errorEvent = {
  error: reader<unknown>(ErrorEvent.prototype, 'error'),
  message: reader<string>(ErrorEvent.prototype, 'message'),
  filename: reader<string>(ErrorEvent.prototype, 'filename'),
  lineno: reader<number>(ErrorEvent.prototype, 'lineno'),
  colno: reader<number>(ErrorEvent.prototype, 'colno'),
};

const rejectionReason = reader<unknown>(PromiseRejectionEvent.prototype, 'reason');
const eventTarget = reader<EventTarget>(Event.prototype, 'target');
const localName = reader<string>(Element.prototype, 'localName');
const violation = {
  directive: reader<string>(SecurityPolicyViolationEvent.prototype, 'effectiveDirective'),
  blocked: reader<string>(SecurityPolicyViolationEvent.prototype, 'blockedURI'),
  file: reader<string>(SecurityPolicyViolationEvent.prototype, 'sourceFile'),
  line: reader<number>(SecurityPolicyViolationEvent.prototype, 'lineNumber'),
  column: reader<number>(SecurityPolicyViolationEvent.prototype, 'columnNumber'),
};
/** The URL a failed <img>, <script>, <link>, … was loading, read by the platform's getters. */
const sources = [reader<string>(HTMLImageElement.prototype, 'currentSrc'), reader<string>(HTMLScriptElement.prototype, 'src'), reader<string>(HTMLLinkElement.prototype, 'href')];

const { exec } = RegExp.prototype;
const { slice } = String.prototype;
/** The type an ErrorEvent's message names: `Uncaught TypeError: …` (Chromium), `TypeError: …` (Firefox). */
const NAMED = /^(?:Uncaught )?(?:([A-Za-z_$][\w$]*): )?/;

/**
 * The file of the last worker error recorded. Not cancelled, the browser reports it on the window
 * again (the error "one level up"), where it is left out: it counts once, as the worker's.
 */
let workerError: string | undefined;

/** The exception of an uncaught error's ErrorEvent (whose `message` is read already); `fromWorker`: one fired at a Worker. */
export function errorEventFields(event: Event, message: string, fromWorker?: boolean): Extract<PageEvent, { type: 'error' }> {
  const error = errorEvent.error(event);
  const file = errorEvent.filename(event);
  // The Error's own type and message are what OTel wants; without it (a worker's, another
  // realm's, a thrown string), the message's.
  const named = apply(exec, NAMED, [message]) as RegExpExecArray;
  const fields: Extract<PageEvent, { type: 'error' }> = {
    type: 'error',
    kind: 'error',
    time: now(),
    ...(isError(error) ? describeError(error) : { errorType: named[1] ?? 'Error', message: truncate(apply(slice, message, [named[0].length]) as string, PAGE_LIMITS.message) }),
    ...(file ? { file: truncate(file, PAGE_LIMITS.url) } : {}),
    line: errorEvent.lineno(event) ?? 0,
    column: errorEvent.colno(event) ?? 0,
  };
  if (fromWorker) workerError = fields.file;
  return fields;
}

export function captureErrors({ emit, signal }: CaptureContext): void {
  window.addEventListener(
    'error',
    (event) => {
      const message = errorEvent.message(event);
      if (message === undefined) return reportResource(event); // not an ErrorEvent
      const fields = errorEventFields(event, message);
      if (workerError && fields.file === workerError) return void (workerError = undefined); // recorded as the worker's
      emit(fields);
    },
    // Capture: a failed <img>, <script> or <link> fires 'error' on itself, and it does not bubble.
    { capture: true, signal },
  );
  const reportResource = (event: Event) => {
    const element = eventTarget(event);
    const name = localName(element);
    if (name === undefined) return; // not an element
    let url = '';
    for (let i = 0; i < sources.length && !url; i++) url = sources[i]!(element) ?? '';
    emit({
      type: 'error',
      kind: 'resource',
      time: now(),
      errorType: 'ResourceError',
      message: truncate(`${name} failed to load`, PAGE_LIMITS.message),
      ...(url ? { file: truncate(url, PAGE_LIMITS.url) } : {}),
    });
  };
  document.addEventListener(
    'securitypolicyviolation',
    (event) => {
      const file = violation.file(event) ?? '';
      emit({
        type: 'error',
        kind: 'csp',
        time: now(),
        errorType: 'SecurityPolicyViolation',
        message: truncate(`${violation.directive(event)} blocked ${violation.blocked(event) || 'inline'}`, PAGE_LIMITS.message),
        ...(file ? { file: truncate(file, PAGE_LIMITS.url) } : {}),
        line: violation.line(event) ?? 0,
        column: violation.column(event) ?? 0,
      });
    },
    { signal },
  );
  window.addEventListener(
    'unhandledrejection',
    (event) => emit({ type: 'error', kind: 'unhandledrejection', time: now(), ...describeError(rejectionReason(event)) }),
    { signal },
  );
}

/**
 * console.error calls, when the setting allows (off by default: their arguments may hold page
 * data). The wrapper is installed only while the setting is on, so DevTools shows the page's own
 * call sites otherwise; it calls the original first-hand and never changes what it prints.
 * Arguments are described cheaply: strings and numbers as they are, errors by type and message,
 * anything else by its kind only (`[object Object]`), never serialized.
 */
export function captureConsoleErrors({ emit, onConfig, signal }: CaptureContext): void {
  const original = console.error;
  const describe = (value: unknown) => {
    if (isError(value)) {
      const { errorType, message } = describeError(value);
      return `${errorType}: ${message}`;
    }
    return typeof value === 'object' && value !== null ? (apply(objectToString, value, []) as string) : describeError(value).message;
  };
  let reporting = false;
  const report = (args: unknown[]) => {
    if (reporting) return;
    reporting = true;
    try {
      let error: ReturnType<typeof describeError> | undefined;
      let text = '';
      for (let i = 0; i < args.length; i++) {
        if (!error && isError(args[i])) error = describeError(args[i]);
        text += (i ? ' ' : '') + describe(args[i]);
      }
      emit({
        type: 'error',
        kind: 'console',
        time: now(),
        errorType: error ? error.errorType : 'console.error',
        message: truncate(text, PAGE_LIMITS.message),
        ...(error?.stack ? { stack: error.stack } : {}),
      });
    } catch {
      // a getter that throws: the call itself still goes through
    } finally {
      reporting = false;
    }
  };
  const wrapper = imitate(original, (target, self, args) => {
    report(args as unknown[]);
    return apply(target, self, args);
  });
  let installed = false;
  const install = (consoleErrors: boolean) => {
    if (consoleErrors === installed) return; // configs come again at each route change
    installed = consoleErrors;
    try {
      if (consoleErrors) console.error = wrapper;
      // Put back only our own: a page that wrapped ours keeps its wrapper.
      else if (console.error === wrapper) console.error = original;
    } catch {
      // a frozen console: nothing recorded
    }
  };
  onConfig(({ consoleErrors }) => install(consoleErrors));
  signal.addEventListener('abort', () => install(false), { once: true });
}
