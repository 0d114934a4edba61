/**
 * Characters that must not reach a terminal verbatim: C0 controls (ESC would let a
 * file's content inject colours or cursor moves), DEL, C1 controls, bidirectional
 * overrides ("Trojan source") and lone surrogates.
 */
const UNPRINTABLE =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text made safe to print: every unprintable UTF-16 code unit becomes exactly one
 * visible character (C0 controls their Unicode control picture, the rest U+FFFD),
 * so columns counted on the original still line up. Tabs are kept when
 * `keepTabs` (source lines, whose tabs a marker reproduces) and become a space
 * otherwise (messages and paths, which sit in aligned columns).
 */
export function printable(text: string, keepTabs = false): string {
  const replaced = text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
  return keepTabs ? replaced : replaced.replace(/\t/g, ' ');
}

/** How many terminal cells `text` is taken to occupy: one per code point. */
export function cellWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // The second half of a surrogate pair belongs to the cell its first half opened.
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) continue;
    }
    width++;
  }
  return width;
}

/** Styles a piece of terminal text (or leaves it as it is). */
export type Paint = (text: string) => string;

/** Leaves text unstyled. */
export const plain: Paint = (text) => text;

/** An ANSI SGR style: `open` before the text, `close` after it; empty text stays empty. */
export function sgr(open: number, close: number): Paint {
  return (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}
