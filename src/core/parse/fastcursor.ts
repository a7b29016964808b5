// A tree cursor that talks to tree-sitter's wasm exports directly. web-tree-sitter's
// TreeCursor copies its four-word state into and out of wasm memory (with the generic
// setValue/getValue) around every call; copying a 200-cell notebook's trees spent most of its
// time there. The wasm side keeps the cursor in its transfer buffer between calls anyway, so
// while one walk is in progress (nothing else touches the buffer: no awaits, no other
// tree-sitter calls) we call the exports and leave the state where it is.
// Used only when the Emscripten module object handed to Parser.init has the exports we need
// (checked once); otherwise lower.ts uses web-tree-sitter's TreeCursor, with the same result.
// Does not: parse, allocate trees, or keep anything between walks.
import type { Tree, TreeCursor } from 'web-tree-sitter';

/** The subset of the cursor API lower.ts uses. */
export interface WalkCursor {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly nodeIsMissing: boolean;
  readonly nodeType: string;
  readonly nodeTypeId: number;
  readonly currentFieldName: string | null;
  readonly nodeIsNamed: boolean;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

type Fn = (tree: number) => number;

interface WasmExports {
  HEAP32: Int32Array;
  _ts_init: () => number;
  _ts_tree_cursor_goto_first_child_wasm: Fn;
  _ts_tree_cursor_goto_next_sibling_wasm: Fn;
  _ts_tree_cursor_goto_parent_wasm: Fn;
  _ts_tree_cursor_start_index_wasm: Fn;
  _ts_tree_cursor_end_index_wasm: Fn;
  _ts_tree_cursor_current_node_type_id_wasm: Fn;
  _ts_tree_cursor_current_field_id_wasm: Fn;
  _ts_tree_cursor_current_node_is_named_wasm: Fn;
  _ts_tree_cursor_current_node_is_missing_wasm: Fn;
}

const NEEDED: Array<keyof WasmExports> = [
  '_ts_init',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm'
];

let wasm: { exports: WasmExports; transfer: number } | null = null;

/** Called by parser.ts with the object given to Parser.init (Emscripten fills it in). */
export function useWasmExports(moduleObject: unknown): void {
  const m = moduleObject as Partial<WasmExports> | null;
  if (!m || !(m.HEAP32 instanceof Int32Array) || NEEDED.some(k => typeof m[k] !== 'function')) {
    wasm = null;
    return;
  }
  const exports = m as WasmExports;
  // ts_init only writes the two language-version words into the static transfer buffer and
  // returns its address; web-tree-sitter called it already, calling it again is harmless.
  wasm = { exports, transfer: exports._ts_init() };
}

/** Whether walks use the direct exports (for tests and benchmarks). */
export function fastCursorAvailable(): boolean {
  return wasm !== null;
}

/** Runs fn with walks through web-tree-sitter's TreeCursor (tests compare the two paths). */
export function withoutFastCursor<T>(fn: () => T): T {
  const saved = wasm;
  wasm = null;
  try {
    return fn();
  } finally {
    wasm = saved;
  }
}

/** Named-ness is a property of the (alias) symbol, so it is cached per type id. */
const namedCache = new Map<number, boolean>();

/** A direct cursor over `tree`, or null when the exports are not available. */
export function fastCursor(tree: Tree): WalkCursor | null {
  if (!wasm) {
    return null;
  }
  const { exports: x, transfer } = wasm;
  const treePtr = (tree as unknown as { [0]: number })[0];
  const language = tree.language as unknown as { types: string[]; fields: Array<string | null> };
  if (typeof treePtr !== 'number' || !Array.isArray(language.types) || !Array.isArray(language.fields)) {
    return null;
  }
  const inner: TreeCursor = tree.walk();
  // Any getter marshals the cursor's state into the transfer buffer; from here on the wasm
  // functions read and update it there.
  void inner.nodeTypeId;
  const cursor: WalkCursor = {
    get startIndex() {
      return x._ts_tree_cursor_start_index_wasm(treePtr);
    },
    get endIndex() {
      return x._ts_tree_cursor_end_index_wasm(treePtr);
    },
    get nodeIsMissing() {
      return x._ts_tree_cursor_current_node_is_missing_wasm(treePtr) === 1;
    },
    get nodeType() {
      return language.types[x._ts_tree_cursor_current_node_type_id_wasm(treePtr)] || 'ERROR';
    },
    get nodeTypeId() {
      return x._ts_tree_cursor_current_node_type_id_wasm(treePtr);
    },
    get currentFieldName() {
      return language.fields[x._ts_tree_cursor_current_field_id_wasm(treePtr)] ?? null;
    },
    get nodeIsNamed() {
      const id = x._ts_tree_cursor_current_node_type_id_wasm(treePtr);
      let named = namedCache.get(id);
      if (named === undefined) {
        named = x._ts_tree_cursor_current_node_is_named_wasm(treePtr) === 1;
        namedCache.set(id, named);
      }
      return named;
    },
    gotoFirstChild() {
      return x._ts_tree_cursor_goto_first_child_wasm(treePtr) === 1;
    },
    gotoNextSibling() {
      return x._ts_tree_cursor_goto_next_sibling_wasm(treePtr) === 1;
    },
    gotoParent() {
      return x._ts_tree_cursor_goto_parent_wasm(treePtr) === 1;
    },
    delete() {
      // The cursor's stack may have been reallocated while walking: hand the current state
      // back to the JS object so delete() frees the right memory.
      const heap = x.HEAP32;
      const handles = (inner as unknown as { handles: number[] }).handles;
      for (let i = 0; i < 4; i++) {
        handles[i] = heap[(transfer >> 2) + i];
      }
      inner.delete();
    }
  };
  return cursor;
}
