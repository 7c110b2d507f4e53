/** Uncaught errors and unhandled rejections. Page objects are read defensively: getters may throw. */
import { PAGE_LIMITS } from '../protocol/page';
import { truncate } from '../protocol/check';
import type { CaptureContext } from './context';

export function captureErrors({ emit, signal }: CaptureContext): void {
  const now = performance.now.bind(performance);
  window.addEventListener(
    'error',
    (event) => {
      // Failed resource loads also fire 'error' here, as plain Events; those come with the capture issue.
      if (!(event instanceof ErrorEvent)) return;
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
