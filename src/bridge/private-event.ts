/**
 * Listens for one of the page side's private DOM events (named at random, known only to the
 * page side and this bridge): before any page listener, and hidden from all of them. The handler
 * gets the event's detail as the page side sent it (a structured clone in Chromium, a view of the
 * page's objects in Firefox), undefined when it cannot be read: still page data, to check.
 */
export function onPrivateEvent(name: string, handle: (detail: unknown, event: Event) => void, signal: AbortSignal): void {
  window.addEventListener(
    name,
    (event) => {
      event.stopImmediatePropagation();
      let detail: unknown;
      try {
        detail = (event as CustomEvent<unknown>).detail;
      } catch {
        detail = undefined;
      }
      handle(detail, event);
    },
    { capture: true, signal },
  );
}
