// Lowered ASTs of cells and files, cached by key (cell id, file path) and exact text, each
// fitted into the analysis' parse budget (budget.ts) BEFORE it is parsed. A source within
// the budget is parsed whole. Otherwise its top-level statements are kept in order while
// they fit, and a statement that does not (a 4 MB list literal) is left out — its lines
// stay, empty, so every other statement keeps its position — with a note naming it; the
// rest of the source is analysed. A source of which nothing fits, one that passes the parse
// deadline or one that made the wasm parser fail is skipped whole (`skipped`).
// Does not: decide the budgets (interp/budgets.ts), report diagnostics (the analyzer turns
// notes into them) or interpret anything.
import type { Budgets } from '../interp/budgets';
import type { Loc, Module } from './ast';
import { countTokens, ParseBudget, Refusal, statementSpans, utf8Length } from './budget';
import { lowerTree } from './lower';
import { ParseCancelled, PythonParser } from './parser';
import { blankIPython } from './preprocess';

/** Statements left out of a source, each with where it starts and why. */
export interface SourceNote {
  loc: Loc;
  refusal: Refusal;
}

/** A module whose source was (partly) not analysed. */
export interface NotedModule extends Module {
  /** Set when nothing of the source was analysed. */
  skipped?: Refusal;
  /** Statements left out (set when the rest was analysed). */
  notes?: SourceNote[];
}

export function isSkipped(m: Module): m is NotedModule & { skipped: Refusal } {
  return (m as NotedModule).skipped !== undefined;
}

export function notesOf(m: Module): SourceNote[] {
  return (m as NotedModule).notes ?? [];
}

/** One parsed text (the whole source, or the statements of it that fit). */
interface Parsed {
  /** Which statements were left out (their starts, joined): '' for the whole text. */
  shape: string;
  nodes: number;
  module: Module | null;
}

interface Entry {
  text: string;
  bytes: number;
  tokens: number | null;
  /** The text made the parser fail: never parsed again. */
  crashed?: string;
  parsed: Parsed[];
  /** The last refusal's module, kept so an unchanged refusal keeps its identity. */
  refused?: NotedModule;
}

/** What one analysis' lowering needs: the budgets in force, what is left of them, the parse deadline. */
export interface LowerContext {
  budgets: Budgets;
  budget: ParseBudget;
  deadline: number;
}

export class SourceCache {
  private readonly entries = new Map<string, Entry>();
  /** Parse+lower operations done (for tests and benchmarks). */
  lowered = 0;

  constructor(private readonly maxEntries: number) {}

  /** The lowered module of `text` under `key` (possibly with statements left out), counted into the budget. */
  module(key: string, text: string, what: string, parser: PythonParser, ctx: LowerContext): Module {
    const e = this.entry(key, text);
    if (e.crashed !== undefined) {
      return refuse(e, { budget: 'parser', message: `${what} made the parser fail (${e.crashed}): not analysed` });
    }
    const room = ctx.budget.room();
    if (e.tokens === null && e.bytes <= room.bytes) {
      e.tokens = countTokens(text, Number.MAX_SAFE_INTEGER);
    }
    let source = text;
    let notes: SourceNote[] = [];
    let shape = '';
    if (e.tokens === null || ctx.budget.refusal(what, e.bytes, e.tokens, room) !== null) {
      // Keep the statements that fit, in order.
      const fitted = fit(text, what, ctx.budget, room);
      if (fitted.kept === 0) {
        return refuse(e, fitted.notes[0]?.refusal ?? { budget: 'maxSourceBytes', message: `${what}: not analysed` });
      }
      source = fitted.text;
      notes = fitted.notes;
      shape = notes.map(n => n.loc[0]).join(',');
    }
    let p = e.parsed.find(x => x.shape === shape);
    if (!p || (p.module === null && p.nodes <= ctx.budgets.maxSourceNodes)) {
      if (parser.broken) {
        return refuse(e, { budget: 'parser', message: `${what} not analysed: the parser failed on an earlier source and must be restarted` });
      }
      const blanked = blankIPython(source);
      this.lowered++;
      let tree;
      try {
        tree = parser.parse(blanked, Number.isFinite(ctx.deadline) ? { deadline: ctx.deadline } : {});
      } catch (err) {
        if (err instanceof ParseCancelled) {
          return refuse(e, { budget: 'maxWallMs', message: `${what} not analysed: parsing it did not finish within maxWallMs (${ctx.budgets.maxWallMs} ms)` });
        }
        e.crashed = err instanceof Error ? err.message : String(err);
        return refuse(e, { budget: 'parser', message: `${what} made the parser fail (${e.crashed}): not analysed` });
      }
      try {
        const nodes = tree.rootNode.descendantCount;
        p = { shape, nodes, module: nodes > ctx.budgets.maxSourceNodes ? null : lowerTree(tree, blanked) };
      } finally {
        tree.delete();
      }
      e.parsed = [...e.parsed.filter(x => x.shape !== shape).slice(-3), p];
    }
    const taken = ctx.budget.take(what, utf8Length(source), p.nodes);
    if (taken || p.module === null) {
      return refuse(e, taken ?? { budget: 'maxSourceNodes', message: `${what} has more than maxSourceNodes syntax nodes: not analysed` });
    }
    if (notes.length === 0) {
      return p.module;
    }
    const noted: NotedModule = { body: p.module.body, errors: p.module.errors, notes };
    return noted;
  }

  /** UTF-8 bytes of `text` (remembered with its entry). */
  bytes(key: string, text: string): number {
    return this.entry(key, text).bytes;
  }

  private entry(key: string, text: string): Entry {
    let e = this.entries.get(key);
    if (!e || e.text !== text) {
      e = { text, bytes: utf8Length(text), tokens: null, parsed: [] };
      if (this.entries.size >= this.maxEntries) {
        const first = this.entries.keys().next();
        if (!first.done) {
          this.entries.delete(first.value);
        }
      }
      this.entries.set(key, e);
    }
    return e;
  }
}

/**
 * The top-level statements of `text` that fit `room`, in order (each one that does not is
 * left out and noted); the text keeps every line, so positions do not move.
 */
function fit(text: string, what: string, budget: ParseBudget, room: { bytes: number; tokens: number }): { text: string; kept: number; notes: SourceNote[] } {
  const parts: string[] = [];
  const notes: SourceNote[] = [];
  let bytes = 0;
  let tokens = 0;
  let kept = 0;
  for (const s of statementSpans(text)) {
    const piece = text.slice(s.start, s.end);
    const b = utf8Length(piece);
    const t = bytes + b <= room.bytes ? countTokens(piece, room.tokens - tokens + 1) : 0;
    const r = budget.refusal(`line ${s.line + 1} of ${what}`, b, t, room, { bytes, tokens });
    if (r) {
      // Left out, its line breaks kept.
      parts.push('\n'.repeat(countLines(piece)));
      notes.push({ loc: [s.line, 0, s.line, 0], refusal: { budget: r.budget, message: r.message.replace(/: not analysed$/, ': this statement was not analysed') } });
      continue;
    }
    parts.push(piece);
    bytes += b;
    tokens += t;
    kept++;
  }
  return { text: parts.join(''), kept, notes };
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
    n++;
  }
  return n;
}

function refuse(e: Entry, r: Refusal): NotedModule & { skipped: Refusal } {
  if (e.refused && e.refused.skipped?.message === r.message) {
    return e.refused as NotedModule & { skipped: Refusal };
  }
  const m = { body: [], errors: [], skipped: r };
  e.refused = m;
  return m;
}
