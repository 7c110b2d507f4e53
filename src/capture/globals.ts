/**
 * The platform's window functions under their own names, taken at document_start. The build
 * (scripts/main-world.ts) makes web-vitals use these in place of the globals it would look up
 * at each call, so its timers and listeners never go through what a page later patched
 * (zone.js counts a patched setTimeout's tasks as its app's).
 */
const bound = <K extends keyof Window>(name: K) => (window[name] as (...args: never[]) => unknown)?.bind(window) as Window[K];

export const addEventListener = bound('addEventListener');
export const removeEventListener = bound('removeEventListener');
export const setTimeout = bound('setTimeout');
export const clearTimeout = bound('clearTimeout');
export const requestAnimationFrame = bound('requestAnimationFrame');
export const queueMicrotask = bound('queueMicrotask');
export const requestIdleCallback = bound('requestIdleCallback');
export const cancelIdleCallback = bound('cancelIdleCallback');
