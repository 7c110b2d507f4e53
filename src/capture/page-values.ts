/**
 * Reading page objects without running page code: the platform's own getters (taken at
 * document_start) and plain data properties only. A page that redefines `ErrorEvent.prototype.error`
 * or puts a getter on an error sees no read of ours; a value we cannot read so is left out.
 */
import { PAGE_LIMITS } from '../protocol/page';
import { truncate } from '../protocol/check';
import { apply, getOwnDescriptor, nativeStackGetter } from './platform';

const { getPrototypeOf } = Object;
const { isPrototypeOf } = Object.prototype;
const errorProto = Error.prototype;

/** A reader of `proto[key]` through the platform's getter; undefined for an object of another kind. */
export function reader<T>(proto: object, key: string): (value: unknown) => T | undefined {
  const get = getOwnDescriptor(proto, key)?.get;
  return (value) => {
    try {
      return get && (apply(get, value, []) as T);
    } catch {
      return undefined;
    }
  };
}

/** A data property of `value` or of its prototypes (never an accessor's result). */
export function dataValue(value: unknown, key: string): unknown {
  for (let o = value, depth = 0; o !== null && typeof o === 'object' && depth < 8; o = getPrototypeOf(o), depth++) {
    const own = getOwnDescriptor(o, key);
    if (own) return 'value' in own ? own.value : undefined;
  }
  return undefined;
}

const domName = reader<string>(DOMException.prototype, 'name');
const domMessage = reader<string>(DOMException.prototype, 'message');
function stackOf(error: object): unknown {
  const own = getOwnDescriptor(error, 'stack');
  if (own && 'value' in own) return own.value;
  const get = own ? own.get : getOwnDescriptor(errorProto, 'stack')?.get;
  return get && get === nativeStackGetter() ? apply(get, error, []) : undefined;
}

/** Whether `value` is an Error (or a DOMException), by its prototype chain: no `instanceof` hook runs. */
export function isError(value: unknown): value is object {
  try {
    return value !== null && typeof value === 'object' && (apply(isPrototypeOf, errorProto, [value]) as boolean);
  } catch {
    return false;
  }
}

const text = (value: unknown, limit: number) => (typeof value === 'string' ? truncate(value, limit) : undefined);

/** An error's type, message and stack, as OpenTelemetry's exception attributes want them. */
export function describeError(value: unknown): { errorType: string; message: string; stack?: string } {
  try {
    if (isError(value)) {
      const stack = text(stackOf(value), PAGE_LIMITS.stack);
      return {
        errorType: text(domName(value) ?? dataValue(value, 'name'), PAGE_LIMITS.short) ?? 'Error',
        message: text(domMessage(value) ?? dataValue(value, 'message'), PAGE_LIMITS.message) ?? '',
        ...(stack ? { stack } : {}),
      };
    }
    // Primitives as they are; an object by its kind only (its toString is the page's code).
    // A template literal converts a primitive without looking anything up (String is the page's to replace).
    const primitive = value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol');
    return { errorType: typeof value, message: truncate(primitive ? `${value as string}` : typeof value, PAGE_LIMITS.message) };
  } catch {
    return { errorType: 'unknown', message: '(unreadable)' };
  }
}
