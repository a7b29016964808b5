// Blanks IPython-only syntax in a cell so tree-sitter sees plain Python.
// Every blanked character becomes a space and every newline is kept, so offsets, lines and
// columns of the remaining code are unchanged and spans stay exact.
// Does: `%line` magics, `!shell` lines, `%%cell` magics (whole cell, except `%%time`,
// `%%timeit`, `%%capture` whose body is Python), `x = !cmd` / `x = %magic`, `name?` / `??name`
// help lines. Does not: evaluate anything, or touch `get_ipython()` calls (those are Python).

/** Cell magics whose body is ordinary Python that should still be analysed. */
const PYTHON_BODY_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug']);

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

/** Returns the text with IPython syntax replaced by spaces (same length, same newlines). */
export function blankIPython(text: string): string {
  if (!text.includes('%') && !text.includes('!') && !text.includes('?')) {
    return text;
  }
  const lines = text.split('\n');
  // Cell magic: the first non-empty line starts with %%.
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') {
    first++;
  }
  if (first < lines.length && /^\s*%%/.test(lines[first])) {
    const m = /^\s*%%(\w+)/.exec(lines[first]);
    const name = m ? m[1] : '';
    if (PYTHON_BODY_CELL_MAGICS.has(name)) {
      lines[first] = blank(lines[first]);
      return blankLines(lines).join('\n');
    }
    return blank(text);
  }
  return blankLines(lines).join('\n');
}

function blankLines(lines: string[]): string[] {
  let continuation = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (continuation) {
      // A magic/shell line continued with a trailing backslash.
      continuation = /\\\s*$/.test(line);
      lines[i] = blank(line);
      continue;
    }
    const trimmed = line.trimStart();
    if (/^[%!]/.test(trimmed) && !/^!=/.test(trimmed)) {
      continuation = /\\\s*$/.test(line);
      lines[i] = blank(line);
      continue;
    }
    // Help: `obj?`, `obj??`, `?obj`, `??obj` on a line of its own.
    if (/^\?{1,2}[\w.]+\s*$/.test(trimmed) || /^[\w.]+(\(\))?\?{1,2}\s*$/.test(trimmed)) {
      lines[i] = blank(line);
      continue;
    }
    // `x = !cmd` / `x = %magic args`: keep the target, blank the right-hand side.
    const m = /^(\s*[\w.]+(?:\s*,\s*[\w.]+)*\s*=\s*)([!%].*)$/.exec(line);
    if (m && !/^=/.test(m[2])) {
      const filler = m[2].length >= 4 ? 'None' : '0';
      lines[i] = m[1] + filler + blank(m[2]).slice(filler.length);
      continuation = /\\\s*$/.test(line);
      continue;
    }
  }
  return lines;
}
