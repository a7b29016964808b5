// Plain-data Python AST produced by lower.ts and read by the interpreter.
// Only plain objects, arrays, strings, numbers and bigints: no tree-sitter objects, so a
// lowered cell can be cached and re-used without touching wasm again.
// Does not: evaluate, resolve names or know about frameworks.

/** 0-based [startLine, startCol, endLine, endCol] inside one cell/file. */
export type Loc = [number, number, number, number];

export type Expr =
  | { k: 'Name'; id: string; loc: Loc }
  | { k: 'Int'; v: bigint; loc: Loc }
  | { k: 'Float'; v: number; imag?: boolean; loc: Loc }
  /** `interned`: a literal CPython interns (identifier-like), so `is` compares it by value. */
  | { k: 'Str'; v: string; loc: Loc; interned?: true }
  | { k: 'FStr'; parts: Array<string | FPart>; loc: Loc }
  | { k: 'Const'; v: 'True' | 'False' | 'None' | 'Ellipsis'; loc: Loc }
  | { k: 'Attr'; obj: Expr; attr: string; loc: Loc }
  | { k: 'Sub'; obj: Expr; index: Expr; loc: Loc }
  | { k: 'Slice'; lower: Expr | null; upper: Expr | null; step: Expr | null; loc: Loc }
  | { k: 'Call'; func: Expr; args: Arg[]; loc: Loc }
  | { k: 'Bin'; op: string; l: Expr; r: Expr; loc: Loc }
  | { k: 'Unary'; op: string; v: Expr; loc: Loc }
  | { k: 'Bool'; op: 'and' | 'or'; values: Expr[]; loc: Loc }
  | { k: 'Not'; v: Expr; loc: Loc }
  | { k: 'Compare'; left: Expr; ops: string[]; rights: Expr[]; loc: Loc }
  | { k: 'IfExp'; test: Expr; body: Expr; orelse: Expr; loc: Loc }
  | { k: 'Lambda'; params: Param[]; body: Expr; loc: Loc }
  | { k: 'Tuple'; elts: Expr[]; loc: Loc }
  | { k: 'List'; elts: Expr[]; loc: Loc }
  | { k: 'Set'; elts: Expr[]; loc: Loc }
  | { k: 'Dict'; items: DictItem[]; loc: Loc }
  | { k: 'Comp'; kind: 'list' | 'set' | 'gen' | 'dict'; elt: Expr; value?: Expr; gens: CompFor[]; loc: Loc }
  | { k: 'Starred'; v: Expr; double?: boolean; loc: Loc }
  | { k: 'Walrus'; target: string; value: Expr; loc: Loc }
  | { k: 'Unsupported'; what: string; loc: Loc };

export interface FPart {
  expr: Expr;
  conv?: string;
  spec?: Array<string | FPart>;
}

export type DictItem = { key: Expr; value: Expr } | { splat: Expr };

export interface CompFor {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export interface Arg {
  /** 'pos' positional, 'star' *args, 'kw' name=value, 'dstar' **kwargs */
  kind: 'pos' | 'star' | 'kw' | 'dstar';
  name?: string;
  value: Expr;
}

export interface Param {
  name: string;
  kind: 'normal' | 'posonly' | 'kwonly' | 'varargs' | 'varkw';
  default?: Expr;
}

export type Stmt =
  | { k: 'Expr'; value: Expr; loc: Loc }
  | { k: 'Assign'; targets: Expr[]; value: Expr; loc: Loc }
  | { k: 'AugAssign'; target: Expr; op: string; value: Expr; loc: Loc }
  | { k: 'AnnAssign'; target: Expr; ann: Expr; value: Expr | null; loc: Loc }
  | { k: 'If'; test: Expr; body: Stmt[]; orelse: Stmt[]; loc: Loc }
  | { k: 'For'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[]; loc: Loc }
  | { k: 'While'; test: Expr; body: Stmt[]; orelse: Stmt[]; loc: Loc }
  | { k: 'Def'; name: string; params: Param[]; body: Stmt[]; decorators: Expr[]; loc: Loc }
  | { k: 'Class'; name: string; bases: Arg[]; body: Stmt[]; decorators: Expr[]; loc: Loc }
  | { k: 'Return'; value: Expr | null; loc: Loc }
  | { k: 'Pass'; loc: Loc }
  | { k: 'Break'; loc: Loc }
  | { k: 'Continue'; loc: Loc }
  | { k: 'Import'; names: Array<{ name: string; as: string | null }>; loc: Loc }
  | { k: 'ImportFrom'; module: string; level: number; names: Array<{ name: string; as: string | null }>; star: boolean; loc: Loc }
  | { k: 'Global'; names: string[]; loc: Loc }
  | { k: 'Nonlocal'; names: string[]; loc: Loc }
  | { k: 'Del'; targets: Expr[]; loc: Loc }
  | { k: 'Assert'; test: Expr; loc: Loc }
  | { k: 'Raise'; loc: Loc }
  | { k: 'Try'; body: Stmt[]; handlers: Stmt[][]; orelse: Stmt[]; final: Stmt[]; loc: Loc }
  | { k: 'With'; items: Array<{ expr: Expr; target: Expr | null }>; body: Stmt[]; loc: Loc }
  | { k: 'Unsupported'; what: string; loc: Loc };

export interface Module {
  body: Stmt[];
  /** Syntax errors found by the parser (ERROR / MISSING nodes), as locations. */
  errors: Loc[];
}
