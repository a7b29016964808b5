// Escaping for text that came from an untrusted notebook, per output format.
// Every exporter funnels user-derived strings through here; nothing else builds markup.

/** Longest cell text kept in an exported table before it is shortened with an ellipsis. */
export const MAX_CELL_CHARS = 120;

/**
 * Characters no export may carry: C0 and C1 controls (other than the line breaks and tabs
 * clip() turns into spaces), DEL, the noncharacters U+FFFE/U+FFFF, and surrogates that are
 * not part of a pair. They make XML (SVG) invalid, cannot be written as UTF-8, and can make
 * a renderer or a terminal misbehave.
 */
const UNSAFE = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` without the characters no export may carry (see UNSAFE); a dropped one leaves U+FFFD. */
export function safeChars(text: string): string {
  return text.replace(UNSAFE, '\ufffd');
}

/** One line, at most `max` characters: newlines, tabs and line separators become spaces. */
export function clip(text: string, max = MAX_CELL_CHARS): string {
  const flat = safeChars(text).replace(/[\r\n\t\u2028\u2029\u0085\u000b\u000c]+/g, ' ');
  if (flat.length <= max) {
    return flat;
  }
  // Never cut a surrogate pair in two.
  const cut = (flat.charCodeAt(max - 2) & 0xfc00) === 0xd800 ? max - 2 : max - 1;
  return flat.slice(0, cut) + '…';
}

/**
 * Text inside a markdown table cell or after a fixed prefix (a heading's `### `, a list
 * item's `- Label: `): no HTML, no emphasis, no links or autolinks, no code spans, no pipes.
 * Only the characters that can start markup there are escaped, so shapes such as
 * `[1, 10]` stay readable in the raw text; `<`/`>`/`&` become entities so the result renders
 * as the same visible text and never as an element. GFM's autolinks need `://` or `:` (URLs,
 * mailto:, xmpp:), `www.` or `@` (emails): each is broken by a backslash escape, which
 * renders as the character itself.
 */
export function markdownCell(text: string, max = MAX_CELL_CHARS): string {
  return clip(text, max)
    .replace(/[\\`*_|~:@]/g, ch => '\\' + ch)
    // an inline link or image needs `](`; reference links need a definition at the start
    // of a line, which text placed in a cell or after a prefix can never be
    .replace(/\]\(/g, ']\\(')
    .replace(/(w)(ww)\./gi, '$1$2\\.')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text in a markdown heading or paragraph (same rules as a table cell). */
export function markdownText(text: string, max = MAX_CELL_CHARS): string {
  return markdownCell(text, max);
}

/**
 * Text inside a quoted Mermaid label (`id["..."]`, `-- "..." -->`). Mermaid decodes `#NN;`
 * entity codes, so every character that could end the label, start markup or be read as
 * markdown is written as one.
 */
export function mermaidLabel(text: string, max = 60): string {
  // `%` too: Mermaid reads `%%{...}%%` directives (configuration) anywhere in the text.
  return clip(text, max).replace(/["<>&#`|\\[\]{}()*_~%;:@]/g, ch => `#${ch.charCodeAt(0)};`);
}

const LATEX_SPECIALS = new Map<string, string>([
  ['\\', '\\textbackslash{}'],
  ['{', '\\{'],
  ['}', '\\}'],
  ['$', '\\$'],
  ['&', '\\&'],
  ['#', '\\#'],
  ['^', '\\textasciicircum{}'],
  ['_', '\\_'],
  ['%', '\\%'],
  ['~', '\\textasciitilde{}'],
  ['<', '\\textless{}'],
  ['>', '\\textgreater{}'],
  ['|', '\\textbar{}']
]);

/** Text for a LaTeX tabular cell. */
export function latexText(text: string, max = MAX_CELL_CHARS): string {
  return clip(text, max).replace(/[\\{}$&#^_%~<>|]/g, ch => LATEX_SPECIALS.get(ch) ?? ch);
}

/**
 * The first cell of a tabular row: a row break `\\` looks ahead (past spaces) for
 * `[length]` or `*`, so a row must not start with either (an empty group stops the look).
 */
export function latexRowStart(cell: string): string {
  return /^\s*[[*]/.test(cell) ? '{}' + cell : cell;
}

/** What a spreadsheet may take for the start of a formula (ASCII and fullwidth forms). */
const FORMULA_START = /^[=+\-@\uff1d\uff0b\uff0d\uff20]/;

/**
 * One CSV field (RFC 4180), safe to open in a spreadsheet in any locale: a field a
 * spreadsheet could read as a formula — starting with = + - @, also after leading spaces,
 * tabs or control characters, which spreadsheets skip — gets a leading apostrophe; a field
 * holding any delimiter a locale may use (`,` `;` tab `|`), a quote, or leading/trailing
 * space is quoted. Numbers and booleans are written as they are; null (unknown) is empty.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) {
    return '';
  }
  if (typeof value !== 'string') {
    return String(value);
  }
  let text = safeChars(value).replace(/\r\n?|[\n\u2028\u2029\u0085\u000b\u000c]/g, ' ');
  if (FORMULA_START.test(text.replace(/^[\s\u0000-\u001f\u0085\u00a0\ufeff]+/, ''))) {
    text = "'" + text;
  }
  return /[",;\t|\r\n]/.test(text) || text !== text.trim() ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/**
 * Text for XML (an SVG export): every character XML 1.0 does not allow (controls other than
 * tab and line breaks, U+FFFE/U+FFFF, unpaired surrogates) is dropped.
 */
export function xmlText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}
