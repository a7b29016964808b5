// The FrameworkHost the interpreter talks to: routes each question to the framework that owns
// it. Module paths go by their root (roots.ts); classes by the root of their native name, or
// by their family (ClassV.framework) for user classes; instances by their class's family;
// tensors to the framework that made them (else to the one that does not track its tensors).
// Questions about code the interpreter could not follow go to every framework.
// Does not: know any framework's semantics, or any framework by name.
import type { CallExpr, ForStmt, FrameworkHost, QuietEval } from '../interp/host';
import type { Interp } from '../interp/context';
import { CallSite, ClassV, InstanceV, TensorV, unknown, Value } from '../interp/values';
import type { Stmt } from '../parse/ast';
import type { FrameworkSession } from './framework';
import { MODULE_ROOTS, rootOf } from './roots';

type Host = Partial<FrameworkHost>;

export class FrameworkDispatch implements FrameworkHost {
  private readonly byId = new Map<string, Host>();
  /** Every host, in registry order (asked in turn about code that was skipped). */
  private readonly all: Host[] = [];
  /** Sessions that know which tensors they made. */
  private readonly trackers: FrameworkSession[] = [];
  /** The host of tensors no framework claims. */
  private readonly untracked: Host;

  /** `sessions` in registry order, by framework id; `untrackedTensors` is the id that owns unclaimed tensors. */
  constructor(sessions: ReadonlyArray<[string, FrameworkSession]>, untrackedTensors: string) {
    for (const [id, s] of sessions) {
      this.byId.set(id, s.host);
      this.all.push(s.host);
      if (s.ownsTensor) {
        this.trackers.push(s);
      }
    }
    this.untracked = this.byId.get(untrackedTensors) ?? {};
  }

  // ---- routing ------------------------------------------------------------------------------

  private forPath(path: string): Host | undefined {
    const id = MODULE_ROOTS.get(rootOf(path))?.framework;
    return id ? this.byId.get(id) : undefined;
  }

  private forInstance(inst: InstanceV): Host | undefined {
    const id = inst.cls.framework;
    return id !== undefined ? this.byId.get(id) : undefined;
  }

  /** A framework class by the root of its native name (torch.nn.Parameter has no family); a user class by its family. */
  private forClass(cls: ClassV): Host | undefined {
    if (cls.native !== undefined) {
      return this.forPath(cls.native);
    }
    return cls.framework !== undefined ? this.byId.get(cls.framework) : undefined;
  }

  private forTensors(a: Value, b?: Value): Host {
    for (const s of this.trackers) {
      const owns = s.ownsTensor as (t: TensorV) => boolean;
      if ((a.k === 'tensor' && owns.call(s, a)) || (b !== undefined && b.k === 'tensor' && owns.call(s, b))) {
        return s.host;
      }
    }
    return this.untracked;
  }

  // ---- names --------------------------------------------------------------------------------

  importModule(path: string): Value | null {
    return this.forPath(path)?.importModule?.(path) ?? null;
  }

  pymodAttr(I: Interp, path: string, name: string, site: CallSite): Value {
    const h = this.forPath(path);
    return h?.pymodAttr ? h.pymodAttr(I, path, name, site) : { k: 'pymod', path: `?${path}.${name}` };
  }

  starName(I: Interp, path: string, name: string): Value | undefined {
    return this.forPath(path)?.starName?.(I, path, name);
  }

  hasModuleAttr(I: Interp, path: string, name: string): boolean | null {
    return this.forPath(path)?.hasModuleAttr?.(I, path, name) ?? null;
  }

  // ---- classes and instances ----------------------------------------------------------------

  nativeClassAttr(I: Interp, cls: ClassV, name: string, site: CallSite): Value | undefined {
    return this.forClass(cls)?.nativeClassAttr?.(I, cls, name, site);
  }

  constructNative(I: Interp, cls: ClassV, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): void {
    this.forClass(cls)?.constructNative?.(I, cls, inst, args, kwargs, site);
  }

  onInstantiate(I: Interp, cls: ClassV): void {
    this.forClass(cls)?.onInstantiate?.(I, cls);
  }

  afterInit(I: Interp, cls: ClassV, inst: InstanceV, init: Value, baseInitRan: boolean, site: CallSite): void {
    this.forClass(cls)?.afterInit?.(I, cls, inst, init, baseInitRan, site);
  }

  baseLacks(I: Interp, inst: InstanceV, name: string): boolean {
    return this.forInstance(inst)?.baseLacks?.(I, inst, name) ?? false;
  }

  instanceAttr(I: Interp, inst: InstanceV, name: string, site: CallSite): Value | undefined {
    return this.forInstance(inst)?.instanceAttr?.(I, inst, name, site);
  }

  setModuleAttr(I: Interp, inst: InstanceV, name: string, value: Value): boolean {
    return this.forInstance(inst)?.setModuleAttr?.(I, inst, name, value) ?? false;
  }

  iterModule(inst: InstanceV): Value[] | null {
    return this.forInstance(inst)?.iterModule?.(inst) ?? null;
  }

  indexModule(I: Interp, inst: InstanceV, index: Value, site: CallSite): Value | undefined {
    return this.forInstance(inst)?.indexModule?.(I, inst, index, site);
  }

  onModuleCall(I: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    const h = this.forInstance(inst);
    return h?.onModuleCall ? h.onModuleCall(I, inst, args, kwargs, site) : unknown(`calling ${inst.cls.name} is not modelled`, site.span);
  }

  callNative(I: Interp, inst: InstanceV, args: Value[], kwargs: Map<string, Value>, site: CallSite): Value {
    const h = this.forInstance(inst);
    return h?.callNative ? h.callNative(I, inst, args, kwargs, site) : unknown(`calling ${inst.cls.name} is not modelled`, site.span);
  }

  keepsParameters(name: string, inst?: InstanceV): boolean {
    if (inst) {
      return this.forInstance(inst)?.keepsParameters?.(name, inst) ?? false;
    }
    return this.all.some(h => h.keepsParameters?.(name) ?? false);
  }

  returnsSelf(name: string, inst: InstanceV): boolean {
    return this.forInstance(inst)?.returnsSelf?.(name, inst) ?? false;
  }

  onUnknownMethod(I: Interp, inst: InstanceV, name: string): void {
    this.forInstance(inst)?.onUnknownMethod?.(I, inst, name);
  }

  havocInstance(I: Interp, inst: InstanceV, reason: string): boolean {
    return this.forInstance(inst)?.havocInstance?.(I, inst, reason) ?? false;
  }

  // ---- tensors ------------------------------------------------------------------------------

  tensorAttr(I: Interp, t: TensorV, name: string, site: CallSite): Value {
    const h = this.forTensors(t);
    return h.tensorAttr ? h.tensorAttr(I, t, name, site) : unknown(`tensor attribute '${name}' is not modelled`, site.span);
  }

  tensorBinary(I: Interp, op: string, a: Value, b: Value, site: CallSite): Value {
    const h = this.forTensors(a, b);
    return h.tensorBinary ? h.tensorBinary(I, op, a, b, site) : unknown(`operator ${op} on tensors`, site.span);
  }

  tensorIndex(I: Interp, t: TensorV, index: Value, site: CallSite): Value {
    const h = this.forTensors(t);
    return h.tensorIndex ? h.tensorIndex(I, t, index, site) : unknown('tensor indexing is not modelled', site.span);
  }

  setTensorAttr(I: Interp, t: TensorV, name: string, value: Value): boolean {
    return this.all.some(h => h.setTensorAttr?.(I, t, name, value) ?? false);
  }

  // ---- questions for every framework --------------------------------------------------------

  firstItem(I: Interp, v: Value): Value | null {
    for (const h of this.all) {
      const r = h.firstItem?.(I, v);
      if (r) {
        return r;
      }
    }
    return null;
  }

  mutatesReceiver(name: string): boolean {
    return this.all.some(h => h.mutatesReceiver?.(name) ?? false);
  }

  onUnknownCall(I: Interp, callee: string, args: Value[], kwargs: Map<string, Value>): void {
    for (const h of this.all) {
      h.onUnknownCall?.(I, callee, args, kwargs);
    }
  }

  onUnseenCode(I: Interp, what: string): void {
    for (const h of this.all) {
      h.onUnseenCode?.(I, what);
    }
  }

  onHandedToUnseen(I: Interp, values: Value[], why: string): void {
    for (const h of this.all) {
      h.onHandedToUnseen?.(I, values, why);
    }
  }

  onUnseenFlagWrite(I: Interp, name: string, why: string): void {
    for (const h of this.all) {
      h.onUnseenFlagWrite?.(I, name, why);
    }
  }

  onHavoc(I: Interp, body: Stmt[], reason: string): void {
    for (const h of this.all) {
      h.onHavoc?.(I, body, reason);
    }
  }

  havocCall(I: Interp, e: CallExpr, quiet: QuietEval): boolean {
    return this.all.some(h => h.havocCall?.(I, e, quiet) ?? false);
  }

  havocLoop(I: Interp, st: ForStmt, iterValue: Value | null, quiet: QuietEval): void {
    for (const h of this.all) {
      h.havocLoop?.(I, st, iterValue, quiet);
    }
  }
}
