// Whether importing a model file only defines names and registers builders, judged from its
// text without parsing it, and which names it exports and registers. Allowed at module level:
// imports (also in `try:` / `except ImportError:`), `def` and `class` (their bodies run later),
// assignments, and item assignments or `for` loops that only assign into names the file
// itself bound (timm derives configs that way); decorators and calls named in the package's
// table; docstrings. A file with anything else at module level (an `if`, an unknown call or
// decorator, a write into an imported name) is not deferred: it is imported where Python
// imports it.
// Does not: parse, run, or decide when a deferred file is imported (interp/deferred-imports.ts).
import type { DeferredPackage, DeferredScan } from '../interp/context';
import { textAll } from '../interp/lazy-imports';
import { statementLines } from '../parse/lazy';

const DOTTED = /^[A-Za-z_][A-Za-z0-9_.]*/;
const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*(?::[^=]*)?=(?!=)/;
const ITEM_ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)\s*\[[^\n]*?\]\s*=(?!=)/;
const STRING_START = /^(?:[rRbBuUfF]{0,2})["']/;
const IMPORT = /^(?:import|from)\s/;

type Line = { indent: number; text: string };

/** What importing this text does, or null when it may do more than define and register. */
export function scanDeferrable(text: string, pkg: DeferredPackage): DeferredScan | null {
  // Without `__all__` a star import binds every public name, unless (timm) the registering
  // decorator creates `__all__` with the names it registers.
  const literal = textAll(text);
  if (!literal && /\b__all__\b/.test(text)) {
    return null;
  }
  const lines = statementLines(text);
  if (!lines) {
    return null;
  }
  const registers = new Set<string>();
  // Names this file defines at module level (item assignments may write only into these),
  // and names its imports bind.
  const own = new Set<string>();
  const imported = new Set<string>();
  // The registering decorator above the next def: the name it registers under ('' for the
  // def's own name); undefined when none.
  let registering: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].text;
    if (lines[i].indent > 0) {
      continue; // bodies of def and class (run when called) and of accepted blocks
    }
    if (line.startsWith('@')) {
      const name = DOTTED.exec(line.slice(1))?.[0] ?? '';
      const args = line.slice(1 + name.length).replace(/#[^\n]*/g, '').trim();
      if (pkg.decorators.includes(name)) {
        if (args === '' || args === '()') {
          registering = registering ?? '';
          continue;
        }
        const m = /^\(\s*name\s*=\s*(["'])([A-Za-z0-9_.-]+)\1\s*,?\s*\)$/.exec(args);
        if (!m) {
          return null;
        }
        registering = m[2];
        continue;
      }
      if (!pkg.inertDecorators.includes(name)) {
        return null;
      }
      continue;
    }
    const def = /^(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(line);
    if (def) {
      if (registering !== undefined) {
        registers.add(registering || def[1]);
      }
      registering = undefined;
      own.add(def[1]);
      continue;
    }
    if (registering !== undefined) {
      // A registering decorator on a class (or anything but a def): not followed.
      return null;
    }
    const cls = /^class\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(line);
    if (cls) {
      own.add(cls[1]);
      continue;
    }
    if (IMPORT.test(line)) {
      if (!importBinds(line, imported)) {
        return null;
      }
      continue;
    }
    if (STRING_START.test(line)) {
      continue;
    }
    const item = ITEM_ASSIGN.exec(line);
    if (item) {
      if (!own.has(item[1])) {
        return null;
      }
      continue;
    }
    const assign = ASSIGN.exec(line);
    if (assign) {
      assign[1].split(',').forEach(n => own.add(n.trim()));
      continue;
    }
    if (/^try\s*:/.test(line)) {
      const end = importFallback(lines, i, imported);
      if (end < 0) {
        return null;
      }
      i = end;
      continue;
    }
    const loop = /^for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s/.exec(line);
    if (loop) {
      const end = ownLoop(lines, i, own, loop[1]);
      if (end < 0) {
        return null;
      }
      i = end;
      continue;
    }
    const call = DOTTED.exec(line)?.[0];
    if (call && /^\s*\(/.test(line.slice(call.length))) {
      if (pkg.deprecations.includes(call)) {
        // f(__name__, {'old_name': 'new_name', ...}): registers the keys.
        if (!/^\(\s*__name__\s*,\s*\{/.test(line.slice(call.length).trim())) {
          return null;
        }
        for (const m of line.matchAll(/(["'])([A-Za-z0-9_.-]+)\1\s*:/g)) {
          registers.add(m[2]);
        }
        continue;
      }
      if (pkg.registerCalls.includes(call)) {
        const key = /^\(\s*(["'])([A-Za-z0-9_.-]+)\1\s*,/.exec(line.slice(call.length).trim());
        if (!key) {
          return null;
        }
        registers.add(key[2]);
        continue;
      }
      if (pkg.inertCalls.includes(call)) {
        continue;
      }
    }
    return null;
  }
  if (registering !== undefined) {
    return null;
  }
  let exports: Set<string>;
  if (literal) {
    exports = new Set(literal);
    if (pkg.decoratorExports) {
      registers.forEach(n => exports.add(n));
    }
  } else if (pkg.decoratorExports && registers.size > 0) {
    exports = new Set(registers);
  } else {
    exports = new Set([...own, ...imported].filter(n => !n.startsWith('_')));
  }
  return { exports, registers, bound: new Set([...own, ...imported]) };
}

/** The indented lines after line `i` (its block), as indices [i + 1, end). */
function blockEnd(lines: Line[], i: number): number {
  let j = i + 1;
  while (j < lines.length && lines[j].indent > 0) {
    j++;
  }
  return j;
}

/**
 * `try:` importing, `except ImportError:` (or ModuleNotFoundError) importing or assigning:
 * the index of the block's last line, or -1.
 */
function importFallback(lines: Line[], i: number, imported: Set<string>): number {
  const end = blockEnd(lines, i);
  if (end === i + 1 || !lines.slice(i + 1, end).every(l => IMPORT.test(l.text) && importBinds(l.text, imported))) {
    return -1;
  }
  const handler = lines[end];
  if (!handler || handler.indent > 0 || !/^except\s*\(?\s*(?:ImportError|ModuleNotFoundError)(?:\s*,\s*(?:ImportError|ModuleNotFoundError))*\s*\)?\s*:/.test(handler.text)) {
    return -1;
  }
  const hend = blockEnd(lines, end);
  for (let j = end + 1; j < hend; j++) {
    const t = lines[j].text;
    const assign = ASSIGN.exec(t);
    if (assign) {
      assign[1].split(',').forEach(n => imported.add(n.trim()));
    } else if (!(IMPORT.test(t) && importBinds(t, imported)) && !/^pass\b/.test(t)) {
      return -1;
    }
  }
  return hend === end + 1 ? -1 : hend - 1;
}

/** Adds the names an import line binds to `into`; false for a star import (names unknown). */
function importBinds(line: string, into: Set<string>): boolean {
  const text = line.replace(/#[^\n]*/g, '').replace(/[()\\]/g, ' ').replace(/\s+/g, ' ').trim();
  const from = /^from \S+ import[ ](.*)$/.exec(text);
  const names = from ? from[1] : /^import[ ](.*)$/.exec(text)?.[1];
  if (names === undefined) {
    return false;
  }
  for (const part of names.split(',')) {
    const p = part.trim();
    if (p === '') {
      continue;
    }
    if (p === '*') {
      return false;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_.]*)(?: as ([A-Za-z_][A-Za-z0-9_]*))?$/.exec(p);
    if (!m) {
      return false;
    }
    into.add(m[2] ?? (from ? m[1] : m[1].split('.')[0]));
  }
  return true;
}

/**
 * `for x in ...:` whose body only assigns names and items of names the file or the loop
 * bound (with `if` / `else` around them): the index of its last line, or -1.
 */
function ownLoop(lines: Line[], i: number, own: Set<string>, target: string): number {
  const end = blockEnd(lines, i);
  const local = new Set([target]);
  own.add(target);
  for (let j = i + 1; j < end; j++) {
    const t = lines[j].text;
    const assign = ASSIGN.exec(t);
    if (assign) {
      assign[1].split(',').forEach(n => {
        local.add(n.trim());
        own.add(n.trim());
      });
      continue;
    }
    const item = ITEM_ASSIGN.exec(t);
    if (item && (own.has(item[1]) || local.has(item[1]))) {
      continue;
    }
    if (/^(?:if\s|elif\s|else\s*:|continue\b|pass\b)/.test(t)) {
      continue;
    }
    return -1;
  }
  return end === i + 1 ? -1 : end - 1;
}
