// Source-level guarantees from SECURITY.md, checked on every file under src/: no dynamic code
// evaluation, no HTML sinks for text, no network access besides the worker loading its two
// wasm binaries and the module-source reader asking the ArchLens server extension, no kernel
// or session API use.
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'src');

function sources(dir = SRC): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      out.push(...sources(p));
    } else if (/\.tsx?$/.test(name)) {
      out.push([path.relative(SRC, p), readFileSync(p, 'utf8')]);
    }
  }
  return out;
}

/** The source with comments and quoted strings removed, so prose about `eval` does not count. */
function code(text: string): string {
  return text
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''")
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const FILES = sources();

test('the source tree is found', () => {
  expect(FILES.length).toBeGreaterThan(10);
  expect(FILES.map(f => f[0])).toContain(path.join('core', 'analyzer.ts'));
});

test('no eval, new Function, dynamic import or string timers anywhere', () => {
  for (const [file, text] of FILES) {
    const c = code(text);
    // the global eval: not a method call (`this.eval(...)` is the abstract interpreter's own
    // evaluator) and not a method declaration (`eval(e: Expr): Value {`)
    expect({ file, hit: /(?<![.\w$])eval\s*\((?![^)]*\)\s*:)/.test(c) }).toEqual({ file, hit: false });
    expect({ file, hit: /new\s+Function\b|\bFunction\s*\(/.test(c) }).toEqual({ file, hit: false });
    expect({ file, hit: /\bimport\s*\(/.test(c) }).toEqual({ file, hit: false });
    expect({ file, hit: /set(Timeout|Interval)\s*\(\s*['"`]/.test(c) }).toEqual({ file, hit: false });
  }
});

test('no HTML sinks: notebook text is only ever set as text', () => {
  for (const [file, text] of FILES) {
    const c = code(text);
    expect({ file, hit: /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|dangerouslySetInnerHTML|\.html\s*\(/.test(c) }).toEqual({
      file,
      hit: false
    });
  }
});

test('only the analysis worker fetches, and only its wasm binaries', () => {
  // the global fetch (a method such as IStateDB.fetch is not a request)
  const fetching = FILES.filter(([, text]) => /(?<![.\w])fetch\s*\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource/.test(code(text))).map(f => f[0]);
  expect(fetching).toEqual([path.join('worker', 'worker.ts')]);
  // the one method of that name called: reading the panel's view state from JupyterLab's state database
  const methods = FILES.flatMap(([file, text]) => (code(text).match(/\.fetch\s*\([^)]*\)/g) ?? []).map(m => `${file}: ${m}`));
  expect(methods).toEqual(['index.ts: .fetch(STATE_KEY)']);
  const worker = code(FILES.find(f => f[0] === path.join('worker', 'worker.ts'))![1]);
  expect(worker.match(/fetchBytes\(([^)]*)\)/g)).toEqual(['fetchBytes(url: string)', 'fetchBytes(runtimeWasmUrl)', 'fetchBytes(pythonWasmUrl)']);
});

test('the only server requests are GET archlens/modules and archlens/hub-config, made by src/lab/modules.ts', () => {
  const requesting = FILES.filter(([, text]) => /\bmakeRequest\b|\bServerConnection\b|\brequestAPI\b/.test(code(text))).map(f => f[0]);
  expect(requesting).toEqual([path.join('lab', 'modules.ts')]);
  const raw = FILES.find(f => f[0] === path.join('lab', 'modules.ts'))![1];
  const c = code(raw);
  expect(raw).toMatch(/^export const MODULES_ROUTE = 'archlens\/modules';$/m);
  expect(raw).toMatch(/^export const HUB_CONFIG_ROUTE = 'archlens\/hub-config';$/m);
  // One request, to one of those routes on the server's base URL (the type allows no other),
  // with GET, and nothing else.
  expect(c.match(/makeRequest\(/g)).toHaveLength(1);
  expect(raw).toMatch(/private async _fetch\(route: typeof MODULES_ROUTE \| typeof HUB_CONFIG_ROUTE, /);
  expect(raw).toMatch(/const url = URLExt\.join\(this\.settings\.baseUrl, route\) \+ '\?' \+ query\.toString\(\);/);
  expect(raw).toMatch(/ServerConnection\.makeRequest\(url, \{ method: 'GET', signal: abort\.signal \}, this\.settings\)/);
});

test('the pure core imports nothing from JupyterLab, the DOM or Node', () => {
  for (const [file, text] of FILES.filter(f => f[0].startsWith('core' + path.sep))) {
    const imports = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gm)].map(m => m[1]);
    for (const spec of imports) {
      expect({ file, spec, ok: spec.startsWith('.') || spec === 'web-tree-sitter' }).toEqual({ file, spec, ok: true });
    }
    expect({ file, dom: /\b(document|window)\./.test(code(text)) }).toEqual({ file, dom: false });
  }
});

test('no kernel, session or code-execution API is used by ArchLens', () => {
  for (const [file, text] of FILES) {
    const c = code(text);
    expect({ file, hit: /sessionContext|kernelManager|sessionManager|KernelManager|SessionManager|serviceManager\.(kernels|sessions)|requestExecute|\.startNew\(|NotebookActions\.run|CodeCell\.execute/.test(c) }).toEqual({
      file,
      hit: false
    });
  }
});
