// Reads a parsed tree straight out of tree-sitter's wasm memory, without a call per node.
// Even the direct cursor of fastcursor.ts makes ~6 wasm calls per node (move, type, field,
// offsets), which cost about as much as parsing itself. Here the subtrees tree-sitter built
// are read from the heap with typed arrays, following the rules of its tree cursor
// (lib/tree_cursor.c of the runtime web-tree-sitter ships): hidden nodes are walked through,
// aliases and field names come from the grammar's production tables, offsets are UTF-16 code
// units as web-tree-sitter reports them.
// The memory layout is that of the tree-sitter runtime in web-tree-sitter 0.27 and grammars
// of ABI 13-15. It is checked once per grammar (symbol and field names read from memory
// must equal web-tree-sitter's) and once per tree (the root's type and extent must equal
// what web-tree-sitter reports); when a check fails, null is returned and lower.ts walks
// with the cursor instead, with the same result (tests compare the paths on every fixture).
// Does not: parse, allocate or free anything in wasm, or keep state between walks.
import type { Tree } from 'web-tree-sitter';

/** Receives visible nodes in pre-order. */
export interface TreeSink {
  /** A node; return true to be given its children, followed by close(). */
  open(typeId: number, fieldId: number, named: boolean, missing: boolean, start: number, end: number): boolean;
  close(): void;
}

interface Heap {
  HEAPU8: Uint8Array;
  HEAPU16: Uint16Array;
  HEAPU32: Uint32Array;
}

/** Where a grammar's tables live in wasm memory (TSLanguage, parser.h of ABI 15). */
interface Tables {
  maxAlias: number;
  /** Field id of structural child i of production p at [p * fieldWidth + i], -1 for none. */
  fieldTable: Int16Array;
  fieldWidth: number;
  metadata: number;
  publicMap: number;
  aliasSequences: number;
}

const ERROR_SYMBOL = 0xffff;
/** SubtreeHeapData field offsets (wasm32). */
const H_PADDING_BYTES = 4;
const H_SIZE_BYTES = 16;
const H_CHILD_COUNT = 36;
const H_SYMBOL = 40;
const H_FLAGS = 44;
const H_VISIBLE_CHILDREN = 48;
const H_PRODUCTION = 66;
/** sizeof(Subtree) on wasm32: an 8-byte inline leaf or a pointer. */
const SUBTREE = 8;

let heap: Heap | null = null;
/** Words per frame of the walk's stack, and the stack itself (reused and grown on demand; a
 * sink must not start another walk). */
const FRAME = 8;
let frames = new Int32Array(64 * FRAME);
const tablesByLanguage = new Map<number, Tables | null>();

/** Called by parser.ts with the Emscripten module object (its HEAP views follow growth). */
export function useWasmMemory(moduleObject: unknown): void {
  const m = moduleObject as Partial<Heap> | null;
  heap = m && m.HEAPU8 instanceof Uint8Array && m.HEAPU16 instanceof Uint16Array && m.HEAPU32 instanceof Uint32Array ? (m as Heap) : null;
}

/** Runs fn with memory walks switched off (tests compare against the cursor path). */
export function withoutTreeMemory<T>(fn: () => T): T {
  const saved = heap;
  heap = null;
  try {
    return fn();
  } finally {
    heap = saved;
  }
}

function cString(u8: Uint8Array, ptr: number): string {
  let s = '';
  for (let i = ptr; u8[i] !== 0 && i < ptr + 256; i++) {
    s += String.fromCharCode(u8[i]);
  }
  return s;
}

/** The grammar's table addresses, after checking the layout against web-tree-sitter's view. */
function tablesOf(h: Heap, language: { types: string[]; fields: Array<string | null> }, lang: number): Tables | null {
  const u32 = h.HEAPU32;
  const w = lang >> 2;
  const abi = u32[w];
  // web-tree-sitter's type list holds the symbols followed by the aliases.
  const symbolCount = u32[w + 1] + u32[w + 2];
  const fieldCount = u32[w + 8];
  if (abi < 13 || abi > 15 || symbolCount !== language.types.length || fieldCount + 1 !== language.fields.length) {
    return null;
  }
  const symbolNames = u32[w + 14];
  const fieldNames = u32[w + 15];
  for (let i = 1; i < symbolCount; i++) {
    if (language.types[i] && cString(h.HEAPU8, u32[(symbolNames >> 2) + i]) !== language.types[i]) {
      return null;
    }
  }
  for (let i = 1; i <= fieldCount; i++) {
    if (cString(h.HEAPU8, u32[(fieldNames >> 2) + i]) !== language.fields[i]) {
      return null;
    }
  }
  // The grammar's field map (per production: slices of (field, child index, inherited)
  // entries) as one table, so the walk looks a field up instead of searching a slice.
  const productionCount = u32[w + 7];
  const fieldSlices = u32[w + 16];
  const fieldEntries = u32[w + 17];
  let fieldWidth = 1;
  const entriesOf = (p: number, each: (field: number, index: number) => void): void => {
    const slice = fieldSlices + p * 4;
    const start = h.HEAPU16[slice >> 1];
    const length = h.HEAPU16[(slice + 2) >> 1];
    for (let k = 0; k < length; k++) {
      const e = fieldEntries + (start + k) * 4;
      if (h.HEAPU8[e + 3] === 0) {
        each(h.HEAPU16[e >> 1], h.HEAPU8[e + 2]);
      }
    }
  };
  if (fieldCount > 0) {
    for (let p = 0; p < productionCount; p++) {
      entriesOf(p, (_f, index) => (fieldWidth = Math.max(fieldWidth, index + 1)));
    }
  }
  const fieldTable = new Int16Array(productionCount * fieldWidth).fill(-1);
  if (fieldCount > 0) {
    for (let p = 0; p < productionCount; p++) {
      entriesOf(p, (field, index) => {
        // The first entry for a child wins, as in tree-sitter's field iteration.
        if (fieldTable[p * fieldWidth + index] === -1) {
          fieldTable[p * fieldWidth + index] = field;
        }
      });
    }
  }
  return {
    maxAlias: h.HEAPU16[(lang + 36) >> 1],
    fieldTable,
    fieldWidth,
    metadata: u32[w + 18],
    publicMap: u32[w + 19],
    aliasSequences: u32[w + 21]
  };
}

/** Pushes a frame; returns the (possibly grown) stack. */
function pushFrame(stack: Int32Array, depth: number, u16: Uint16Array, u32: Uint32Array, ptr: number, pos: number, visible: boolean, field: number): Int32Array {
  if ((depth + 1) * FRAME > stack.length) {
    const grown = new Int32Array(stack.length * 2);
    grown.set(stack);
    stack = grown;
    frames = grown;
  }
  const f = depth * FRAME;
  stack[f] = ptr;
  stack[f + 1] = 0;
  stack[f + 2] = u32[(ptr + H_CHILD_COUNT) >> 2];
  stack[f + 3] = 0;
  stack[f + 4] = pos;
  stack[f + 5] = u16[(ptr + H_PRODUCTION) >> 1];
  stack[f + 6] = visible ? 1 : 0;
  stack[f + 7] = field;
  return stack;
}

/**
 * Walks `tree` in pre-order, giving `sink` every node web-tree-sitter's cursor would visit
 * (comments included) with the same type id, field id, named/missing flags and offsets.
 * Returns false, having called nothing, when memory cannot be read safely.
 */
export function walkTreeMemory(tree: Tree, sink: TreeSink): boolean {
  const h = heap;
  if (!h) {
    return false;
  }
  const language = tree.language as unknown as { [0]: number; types: string[]; fields: Array<string | null> };
  const lang = language[0];
  if (typeof lang !== 'number' || !Array.isArray(language.types) || !Array.isArray(language.fields)) {
    return false;
  }
  let t = tablesByLanguage.get(lang);
  if (t === undefined) {
    t = tablesOf(h, language, lang);
    tablesByLanguage.set(lang, t);
  }
  if (!t) {
    return false;
  }
  const root = tree.rootNode;
  const rootPtr = (root as unknown as { id: number }).id;
  if (typeof rootPtr !== 'number') {
    return false;
  }
  const u8 = h.HEAPU8;
  const u16 = h.HEAPU16;
  const u32 = h.HEAPU32;
  const { maxAlias, fieldTable, fieldWidth, metadata, publicMap, aliasSequences } = t;

  // A Subtree slot at `at` holds either an inline leaf (low bit set) or a heap pointer.
  const publicOf = (sym: number): number => (sym === ERROR_SYMBOL ? sym : u16[(publicMap >> 1) + sym]);
  // The root: its own subtree slot and extent, checked against web-tree-sitter's answer.
  const rootSlot = rootPtr;
  const rootInline = (u8[rootSlot] & 1) === 1;
  const rootHeap = rootInline ? 0 : u32[rootSlot >> 2];
  const rootSym = rootInline ? u8[rootSlot + 1] : u16[(rootHeap + H_SYMBOL) >> 1];
  const rootStart = root.startIndex * 2;
  const rootSize = rootInline ? u8[rootSlot + 7] : u32[(rootHeap + H_SIZE_BYTES) >> 2];
  if (publicOf(rootSym) !== root.typeId || (rootStart + rootSize) >> 1 !== root.endIndex) {
    return false;
  }
  const rootMissing = rootInline ? (u8[rootSlot] & 32) !== 0 : (u8[rootHeap + H_FLAGS + 1] & 2) !== 0;
  const rootNamed = rootInline ? (u8[rootSlot] & 4) !== 0 : (u8[rootHeap + H_FLAGS] & 2) !== 0;
  if (!sink.open(publicOf(rootSym), 0, rootNamed, rootMissing, rootStart >> 1, (rootStart + rootSize) >> 1)) {
    return true;
  }
  const rootChildren = rootInline ? 0 : u32[(rootHeap + H_CHILD_COUNT) >> 2];
  if (rootChildren === 0) {
    sink.close();
    return true;
  }

  // Explicit stack (nesting can be deep in hostile cells), one Int32Array row of FRAME words
  // per frame: the parent's heap pointer, next child, child count, next structural index,
  // next child's position (bytes, after its padding), production id, whether the frame is a
  // visible node, and for a hidden frame the field it passes on to its children (-1: none).
  let stack = frames;
  let depth = 0;
  stack = pushFrame(stack, depth++, u16, u32, rootHeap, rootStart, true, -1);
  while (depth > 0) {
    const top = (depth - 1) * FRAME;
    const i = stack[top + 1];
    const count = stack[top + 2];
    if (i === count) {
      depth--;
      if (stack[top + 6] === 1) {
        sink.close();
      }
      continue;
    }
    const parent = stack[top];
    const slot = parent - (count - i) * SUBTREE;
    const inline = (u8[slot] & 1) === 1;
    const ptr = inline ? 0 : u32[slot >> 2];
    let symbol: number;
    let named: boolean;
    let extra: boolean;
    let visible: boolean;
    let missing: boolean;
    let size: number;
    if (inline) {
      const bits = u8[slot];
      visible = (bits & 2) !== 0;
      named = (bits & 4) !== 0;
      extra = (bits & 8) !== 0;
      missing = (bits & 32) !== 0;
      symbol = u8[slot + 1];
      size = u8[slot + 7];
    } else {
      const bits = u8[ptr + H_FLAGS];
      visible = (bits & 1) !== 0;
      named = (bits & 2) !== 0;
      extra = (bits & 4) !== 0;
      missing = (u8[ptr + H_FLAGS + 1] & 2) !== 0;
      symbol = u16[(ptr + H_SYMBOL) >> 1];
      size = u32[(ptr + H_SIZE_BYTES) >> 2];
    }
    const production = stack[top + 5];
    const structural = stack[top + 3];
    let alias = 0;
    if (!extra) {
      if (production !== 0) {
        alias = u16[(aliasSequences >> 1) + production * maxAlias + structural];
        if (alias !== 0) {
          visible = true;
        }
      }
      stack[top + 3] = structural + 1;
    }
    const pos = stack[top + 4];
    // Advance the parent past this child and the next child's padding.
    let next = pos + size;
    if (i + 1 < count) {
      const nslot = slot + SUBTREE;
      next += (u8[nslot] & 1) === 1 ? u8[nslot + 6] : u32[(u32[nslot >> 2] + H_PADDING_BYTES) >> 2];
    }
    stack[top + 4] = next;
    stack[top + 1] = i + 1;
    const children = inline ? 0 : u32[(ptr + H_CHILD_COUNT) >> 2];
    if (!visible && (children === 0 || u32[(ptr + H_VISIBLE_CHILDREN) >> 2] === 0)) {
      continue;
    }
    let field = -1;
    if (!extra) {
      field = structural < fieldWidth ? fieldTable[production * fieldWidth + structural] ?? -1 : -1;
      if (field < 0 && stack[top + 6] === 0) {
        field = stack[top + 7];
      }
    }
    if (!visible) {
      stack = pushFrame(stack, depth++, u16, u32, ptr, pos, false, field);
      continue;
    }
    if (alias !== 0) {
      named = u8[metadata + alias * 3 + 1] !== 0;
    }
    if (sink.open(publicOf(alias || symbol), field < 0 ? 0 : field, named, missing, pos >> 1, (pos + size) >> 1)) {
      if (children > 0) {
        stack = pushFrame(stack, depth++, u16, u32, ptr, pos, true, -1);
      } else {
        sink.close();
      }
    }
  }
  return true;
}
