/** A short, stable description of an event target: tags, id and classes, never text or values. */
import { PAGE_LIMITS } from '../protocol/page';
import { truncate } from '../protocol/check';

const DEPTH = 3;

/** E.g. `main > form.checkout > button#buy`: up to three levels, stopping at an element with an id. */
export function describeTarget(target: EventTarget | null): string {
  let el: Element | null =
    target instanceof Element ? target : target instanceof Node ? target.parentElement : null;
  const parts: string[] = [];
  for (let depth = 0; el && depth < DEPTH; depth++, el = el.parentElement) {
    let part = el.localName;
    if (el.id) {
      parts.unshift(`${part}#${el.id}`);
      break;
    }
    const classes = Array.from(el.classList).slice(0, 2);
    if (classes.length) part += `.${classes.join('.')}`;
    parts.unshift(part);
  }
  return truncate(parts.join(' > '), PAGE_LIMITS.short);
}
