/**
 * A short, stable description of an event target: tags, id and classes, never text or values,
 * read with the platform's own getters (a page's patched `Element.prototype.id` sees no read).
 */
import { PAGE_LIMITS } from '../protocol/page';
import { truncate } from '../protocol/check';
import { reader } from './page-values';
import { apply } from './platform';

const DEPTH = 3;
const localName = reader<string>(Element.prototype, 'localName');
const id = reader<string>(Element.prototype, 'id');
const className = reader<string>(Element.prototype, 'className');
const parentElement = reader<Element | null>(Node.prototype, 'parentElement');
const { split } = String.prototype;

/** E.g. `main > form.checkout > button#buy`: up to three levels, stopping at an element with an id. */
export function describeTarget(target: EventTarget | null): string {
  // A text node's element; anything that is neither has no name.
  let el: Element | null | undefined = localName(target) !== undefined ? (target as Element) : parentElement(target);
  let text = '';
  for (let depth = 0; el && depth < DEPTH; depth++, el = parentElement(el)) {
    let part = localName(el) ?? '';
    const own = id(el);
    if (own) {
      text = `${part}#${own}${text && ' > '}${text}`;
      break;
    }
    const names = className(el);
    const classes = typeof names === 'string' ? (apply(split, names, [' ']) as string[]) : [];
    for (let i = 0, n = 0; i < classes.length && n < 2; i++) if (classes[i]) (part += `.${classes[i]}`), n++;
    text = `${part}${text && ' > '}${text}`;
  }
  return truncate(text, PAGE_LIMITS.short);
}
