/**
 * Uncaught errors, unhandled rejections, resources that failed to load and CSP violations.
 * Page objects are read defensively: getters may throw.
 */
import { PAGE_LIMITS } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { CaptureContext } from './context';
import { imitate } from './native';
import { apply, now } from './platform';

export function captureErrors({ emit, signal }: CaptureContext): void {
  window.addEventListener(
    'error',
    (event) => {
      if (!(event instanceof ErrorEvent)) return reportResource(event);
      // event.message reads "Uncaught TypeError: …"; the Error's own message is what OTel wants.
      const hasError = event.error instanceof Error;
      const { errorType, message, stack } = readError(hasError ? event.error : event.message);
      emit({
        type: 'error',
        kind: 'error',
        time: now(),
        errorType: hasError ? errorType : 'Error',
        message,
        ...(stack ? { stack } : {}),
        ...(event.filename ? { file: truncate(event.filename, PAGE_LIMITS.url) } : {}),
        line: event.lineno,
        column: event.colno,
      });
    },
    // Capture: a failed <img>, <script> or <link> fires 'error' on itself, and it does not bubble.
    { capture: true, signal },
  );
  const reportResource = (event: Event) => {
    const element = event.target;
    if (!(element instanceof Element)) return;
    const url = (element as HTMLImageElement).currentSrc || (element as HTMLScriptElement).src || (element as HTMLLinkElement).href || '';
    emit({
      type: 'error',
      kind: 'resource',
      time: now(),
      errorType: 'ResourceError',
      message: truncate(`${element.localName} failed to load`, PAGE_LIMITS.message),
      ...(url ? { file: truncate(String(url), PAGE_LIMITS.url) } : {}),
    });
  };
  document.addEventListener(
    'securitypolicyviolation',
    (event) => {
      // Chromium refuses our own WebAssembly under such a CSP (the core then runs in the
      // background): that violation is Spanlight's, not the page's.
      if (/^(chrome|moz)-extension/.test(event.sourceFile)) return;
      emit({
        type: 'error',
        kind: 'csp',
        time: now(),
        errorType: 'SecurityPolicyViolation',
        message: truncate(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`, PAGE_LIMITS.message),
        ...(event.sourceFile ? { file: truncate(event.sourceFile, PAGE_LIMITS.url) } : {}),
        line: event.lineNumber,
        column: event.columnNumber,
      });
    },
    { signal },
  );
  window.addEventListener(
    'unhandledrejection',
    (event) => {
      const { errorType, message, stack } = readError(event.reason);
      emit({ type: 'error', kind: 'unhandledrejection', time: now(), errorType, message, ...(stack ? { stack } : {}) });
    },
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
  const describe = (value: unknown) =>
    value instanceof Error ? `${String(value.name)}: ${String(value.message)}` : typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : String(value);
  let reporting = false;
  const report = (args: unknown[]) => {
    if (reporting) return;
    reporting = true;
    try {
      const error = args.find((a): a is Error => a instanceof Error);
      const stack = error && typeof error.stack === 'string' ? truncate(error.stack, PAGE_LIMITS.stack) : undefined;
      emit({
        type: 'error',
        kind: 'console',
        time: now(),
        errorType: error ? truncate(String(error.name), PAGE_LIMITS.short) : 'console.error',
        message: truncate(args.map(describe).join(' '), PAGE_LIMITS.message),
        ...(stack ? { stack } : {}),
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

function readError(value: unknown): { errorType: string; message: string; stack?: string } {
  try {
    if (value instanceof Error) {
      return {
        errorType: truncate(String(value.name), PAGE_LIMITS.short),
        message: truncate(String(value.message), PAGE_LIMITS.message),
        ...(typeof value.stack === 'string' ? { stack: truncate(value.stack, PAGE_LIMITS.stack) } : {}),
      };
    }
    return { errorType: typeof value, message: truncate(String(value), PAGE_LIMITS.message) };
  } catch {
    return { errorType: 'unknown', message: '(unreadable)' };
  }
}
