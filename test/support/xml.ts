/**
 * A strict reader of the XML subset a report writes (declaration, elements, attributes, text,
 * the five entities and character references), for tests: anything else, or anything that is not
 * well-formed XML 1.0 (a raw `<` or `&`, an unclosed tag, a character XML forbids), throws.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /[A-Za-z_][\w.-]*/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** XML 1.0's Char production, over code points. */
const allowed = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

export function parseXml(xml: string): XmlElement {
  for (const ch of xml) if (!allowed(ch.codePointAt(0)!)) throw new Error(`character U+${ch.codePointAt(0)!.toString(16)} is not allowed in XML`);
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at ${i}: ${JSON.stringify(xml.slice(i, i + 20))}`);
  };
  const name = () => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml) ?? fail('a name expected');
    i += m[0].length;
    return m[0];
  };
  const space = () => {
    while (/\s/.test(xml[i] ?? '')) i++;
  };
  /** Text up to `stop`, its entities read; a raw `<` or `&` is an error. */
  const chars = (stop: string) => {
    let out = '';
    while (i < xml.length && !stop.includes(xml[i]!)) {
      if (xml[i] === '&') {
        ENTITY.lastIndex = i;
        const m = ENTITY.exec(xml) ?? fail('a bad entity');
        const code = m[2] ? Number(m[2]) : m[3] ? parseInt(m[3], 16) : -1;
        if (code >= 0 && !allowed(code)) fail('a reference to a forbidden character');
        out += m[1] ? NAMED[m[1]]! : String.fromCodePoint(code);
        i += m[0].length;
      } else if (xml[i] === '<') fail('a raw <');
      else out += xml[i++];
    }
    return out;
  };
  const element = (): XmlElement => {
    if (xml[i++] !== '<') fail('< expected');
    const el: XmlElement = { name: name(), attributes: {}, children: [], text: '' };
    for (;;) {
      space();
      if (xml.startsWith('/>', i)) return (i += 2), el;
      if (xml[i] === '>') break;
      const key = name();
      if (key in el.attributes) fail(`attribute ${key} twice`);
      space();
      if (xml[i++] !== '=') fail('= expected');
      space();
      const quote = xml[i++];
      if (quote !== '"' && quote !== "'") fail('a quote expected');
      el.attributes[key] = chars(`${quote}<`);
      if (xml[i++] !== quote) fail('an unclosed attribute');
    }
    i++;
    for (;;) {
      el.text += chars('<');
      if (i >= xml.length) fail(`</${el.name}> expected`);
      if (xml.startsWith('</', i)) {
        i += 2;
        if (name() !== el.name) fail(`</${el.name}> expected`);
        space();
        if (xml[i++] !== '>') fail('> expected');
        return el;
      }
      el.children.push(element());
    }
  };
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (declaration) i = declaration[0].length;
  space();
  const root = element();
  space();
  if (i !== xml.length) fail('content after the root element');
  return root;
}
