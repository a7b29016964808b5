// Escaping for text that came from an untrusted notebook, per output format.
// Every exporter funnels user-derived strings through here; nothing else builds markup.

/** Longest cell text kept in an exported table before it is shortened with an ellipsis. */
export const MAX_CELL_CHARS = 120;

function clip(text: string, max = MAX_CELL_CHARS): string {
  const flat = text.replace(/[\r\n\t\u2028\u2029]+/g, ' ');
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

/**
 * Text inside a markdown table cell: no HTML, no emphasis, no links, no code spans, no pipes.
 * Markdown-significant ASCII punctuation is backslash-escaped; `<`/`>`/`&` become entities so
 * the result renders as the same visible text and never as an element.
 */
export function markdownCell(text: string): string {
  return clip(text)
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, ch => '\\' + ch)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text in a markdown heading or paragraph (same rules as a table cell). */
export function markdownText(text: string): string {
  return markdownCell(text);
}
