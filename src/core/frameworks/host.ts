// The dispatching FrameworkHost: the interpreter talks to one host; this one routes each
// request to the framework that owns it. Module paths go to the host that answered the
// import of their root ('torch...' -> torch, 'keras' / 'tensorflow' / 'numpy' -> keras when
// torch does not claim them); instances go by their class family (ClassV.framework); tensors
// go to keras when keras created them (KerasTensors and concrete keras tensors), else torch.
// Does not: know any framework semantics itself.
import type { CallExpr, ForStmt, FrameworkHost, QuietEval } from '../interp/host';
import type { Interpreter } from '../interp/interpreter';
import type { CallSite, ClassV, InstanceV, TensorV, Value } from '../interp/values';
import type { Stmt } from '../parse/ast';
import type { KerasHost } from './keras/host';

export class DispatchHost implements FrameworkHost {
  /** Root module name -> host that imported it. */
  private readonly roots = new Map<string, FrameworkHost>();

  /** Every framework host, in the order they are asked. */
  private readonly all: FrameworkHost[];

  constructor(readonly torch: FrameworkHost, readonly keras: KerasHost) {
    this.all = [torch, keras];
  }

  private root(path: string): string {
    const dot = path.indexOf('.');
    return dot < 0 ? path : path.slice(0, dot);
  }

  /** keras / tensorflow / tf_keras always belong to the keras host (numpy is shared). */
  private kerasRoot(path: string): boolean {
    return this.keras.ownsPath(path) && this.root(path) !== 'numpy';
  }

  private forPath(path: string): FrameworkHost {
    if (this.kerasRoot(path)) {
      return this.keras;
    }
    return this.roots.get(this.root(path)) ?? this.torch;
  }

  private forInstance(inst: InstanceV): FrameworkHost {
    return this.keras.ownsInstance(inst) ? this.keras : this.torch;
  }

  private forClass(cls: ClassV): FrameworkHost {
    return cls.framework === 'keras' ? this.keras : this.torch;
  }

  private forTensors(a: Value, b?: Value): FrameworkHost {
    const keras = (a.k === 'tensor' && this.keras.ownsTensor(a)) || (b !== undefined && b.k === 'tensor' && this.keras.ownsTensor(b));
    return keras ? this.keras : this.torch;
  }

  importModule(path: string): Value | null {
    if (this.kerasRoot(path)) {
      return this.keras.importModule(path);
    }
    const r = this.root(path);
    const known = this.roots.get(r);
    if (known) {
      return known.importModule(path);
    }
    for (const h of [this.torch, this.keras] as FrameworkHost[]) {
      const v = h.importModule(path);
      if (v) {
        this.roots.set(r, h);
        return v;
      }
    }
    return null;
  }

  pymodAttr(interp: Interpreter, path: string, name: string, site: CallSite): Value {
    // forPath with the root computed once (this runs for every module attribute read).
    const root = this.root(path);
    const h = this.keras.ownsPath(path) && root !== 'numpy' ? this.keras : this.roots.get(root) ?? this.torch;
    const v = h.pymodAttr(interp, path, name, site);
    if (h !== this.keras && root === 'numpy' && ((v.k === 'pymod' && v.path.startsWith('?')) || v.k === 'unknown')) {
      // numpy arrays of data (np.zeros((2, 32, 32, 3)), np.random.rand(...)) as concrete tensors.
      return this.keras.pymodAttr(interp, path, name, site);
    }
    return v;
  }

  instanceAttr(interp: Interpreter, inst: InstanceV, name: string, site: CallSite): Value | undefined {
    return this.forInstance(inst).instanceAttr(interp, inst, name, site);
  }

  tensorAttr(interp: Interpreter, t: TensorV, name: string, site: CallSite): Value {
    return this.forTensors(t).tensorAttr(interp, t, name, site);
  }

  tensorBinary(interp: Interpreter, op: string, a: Value, b: Value, site: CallSite): Value {
    return this.forTensors(a, b).tensorBinary(interp, op, a, b, site);
  }

  tensorIndex(interp: Interpreter, t: TensorV, index: Value, site: CallSite): Value {
    return this.forTensors(t).tensorIndex(interp, t, index, site);
  }

  constructNative(interp: Interpreter, cls: ClassV, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): void {
    this.forClass(cls).constructNative(interp, cls, inst, args, kwargs, site);
  }

  callNative(interp: Interpreter, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    return this.forInstance(inst).callNative(interp, inst, args, kwargs, site);
  }

  setModuleAttr(interp: Interpreter, inst: InstanceV, name: string, value: Value): boolean {
    return this.forInstance(inst).setModuleAttr(interp, inst, name, value);
  }

  iterModule(inst: InstanceV): Value[] | null {
    return this.forInstance(inst).iterModule(inst);
  }

  indexModule(interp: Interpreter, inst: InstanceV, index: Value, site: CallSite): Value | undefined {
    return this.forInstance(inst).indexModule(interp, inst, index, site);
  }

  nativeClassAttr(interp: Interpreter, cls: ClassV, name: string, site: CallSite): Value | undefined {
    const h = this.forClass(cls);
    return h.nativeClassAttr ? h.nativeClassAttr(interp, cls, name, site) : undefined;
  }

  firstItem(interp: Interpreter, v: Value): Value | null {
    // Only the torch host knows iterables with a known first element (DataLoader).
    const t = this.torch as FrameworkHost;
    return t.firstItem ? t.firstItem(interp, v) : null;
  }

  havocInstance(interp: Interpreter, inst: InstanceV, reason: string): boolean {
    const h = this.forInstance(inst);
    return h.havocInstance ? h.havocInstance(interp, inst, reason) : false;
  }

  starName(interp: Interpreter, path: string, name: string): Value | undefined {
    const h = this.forPath(path);
    return h.starName ? h.starName(interp, path, name) : undefined;
  }

  setTensorAttr(interp: Interpreter, t: TensorV, name: string, value: Value): boolean {
    return this.keras.setTensorAttr(interp, t, name, value) || (this.torch.setTensorAttr?.(interp, t, name, value) ?? false);
  }

  onInstantiate(interp: Interpreter, cls: ClassV): void {
    this.forClass(cls).onInstantiate?.(interp, cls);
  }

  afterInit(interp: Interpreter, cls: ClassV, inst: InstanceV, init: Value, baseInitRan: boolean, site: CallSite): void {
    this.forClass(cls).afterInit?.(interp, cls, inst, init, baseInitRan, site);
  }

  keepsParameters(name: string, inst?: InstanceV): boolean {
    if (inst) {
      return this.forInstance(inst).keepsParameters?.(name, inst) ?? false;
    }
    return this.all.some(h => h.keepsParameters?.(name) ?? false);
  }

  mutatesReceiver(name: string): boolean {
    return this.all.some(h => h.mutatesReceiver?.(name) ?? false);
  }

  onUnknownMethod(interp: Interpreter, inst: InstanceV, name: string): void {
    this.forInstance(inst).onUnknownMethod?.(interp, inst, name);
  }

  onUnknownCall(interp: Interpreter, callee: string, args: Value[], kwargs: Map<string, Value>): void {
    for (const h of this.all) {
      h.onUnknownCall?.(interp, callee, args, kwargs);
    }
  }

  havocCall(interp: Interpreter, e: CallExpr, quiet: QuietEval): boolean {
    return this.all.some(h => h.havocCall?.(interp, e, quiet) ?? false);
  }

  havocLoop(interp: Interpreter, st: ForStmt, iterValue: Value | null, quiet: QuietEval): void {
    for (const h of this.all) {
      h.havocLoop?.(interp, st, iterValue, quiet);
    }
  }

  hasModuleAttr(interp: Interpreter, path: string, name: string): boolean | null {
    const h = this.forPath(path);
    return h.hasModuleAttr ? h.hasModuleAttr(interp, path, name) : null;
  }

  onHavoc(interp: Interpreter, body: Stmt[], reason: string): void {
    this.keras.onHavoc(interp, body, reason);
    if (this.torch.onHavoc) {
      this.torch.onHavoc(interp, body, reason);
    }
  }

  onModuleCall(interp: Interpreter, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    return this.forInstance(inst).onModuleCall(interp, inst, args, kwargs, site);
  }
}
