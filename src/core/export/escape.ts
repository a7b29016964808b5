// Escaping for text that came from an untrusted notebook, per output format.
// Every exporter funnels user-derived strings through here; nothing else builds markup.

/** Longest cell text kept in an exported table before it is shortened with an ellipsis. */
export const MAX_CELL_CHARS = 120;

/** One line, at most `max` characters: newlines, tabs and line separators become spaces. */
export function clip(text: string, max = MAX_CELL_CHARS): string {
  const flat = text.replace(/[\r\n\t\u2028\u2029\u0085\u000b\u000c]+/g, ' ');
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/**
 * Text inside a markdown table cell or after a fixed prefix (a heading's `### `, a list
 * item's `- Label: `): no HTML, no emphasis, no links or autolinks, no code spans, no pipes.
 * Only the characters that can start markup there are escaped, so shapes such as
 * `[1, 10]` stay readable in the raw text; `<`/`>`/`&` become entities so the result renders
 * as the same visible text and never as an element.
 */
export function markdownCell(text: string, max = MAX_CELL_CHARS): string {
  return clip(text, max)
    .replace(/[\\`*_|~:]/g, ch => '\\' + ch)
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
  return clip(text, max).replace(/["<>&#`|\\[\]{}()*_~]/g, ch => `#${ch.charCodeAt(0)};`);
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
 * One CSV field (RFC 4180). Fields that a spreadsheet would read as a formula
 * (starting with = + - @ or a tab/CR) get a leading apostrophe.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) {
    return '';
  }
  if (typeof value !== 'string') {
    return String(value);
  }
  let text = value.replace(/\r\n?|\n/g, ' ');
  if (/^[=+\-@\t\r]/.test(text)) {
    text = "'" + text;
  }
  return /[",\n]/.test(text) || text !== text.trim() ? '"' + text.replace(/"/g, '""') + '"' : text;
}
