/**
 * Text for the terminal: page strings made inert, columns cut and padded, and ANSI colour only
 * when asked for. A page names its own measures, errors and URLs, and one named "\x1b[2J" must
 * not clear the user's screen: everything a page wrote goes through `inert` before it is printed.
 */

/**
 * Control characters (C0, DEL, C1), format characters (the bidirectional overrides that reorder
 * what is shown, zero-width ones), lone surrogates and line separators: a single character class,
 * so the scan is linear.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** `text` with every character that could act on the terminal written as an escape (`\x1b`, `\u202e`). */
export function inert(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0)!;
    if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
    return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** The length in code points, a column each (wide and combining characters are not measured). */
export const columns = (text: string): number => [...text].length;

/** `text` cut to `width` columns, the last one an ellipsis when it was cut. */
export function truncateTo(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** `text` cut or padded with spaces to exactly `width` columns; `right` aligns it to the right. */
export function cell(text: string, width: number, right = false): string {
  const cut = truncateTo(text, width);
  const pad = ' '.repeat(Math.max(0, width - columns(cut)));
  return right ? pad + cut : cut + pad;
}

export type Style = 'red' | 'green' | 'yellow' | 'dim';
const SGR: Record<Style, string> = { red: '31', green: '32', yellow: '33', dim: '2' };

/** A painter: `text` in `style` with `color`, as it is without. */
export function painter(color: boolean): (text: string, style: Style) => string {
  return color ? (text, style) => `\x1b[${SGR[style]}m${text}\x1b[0m` : (text) => text;
}
