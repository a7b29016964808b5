// The layout of the source tree (src/core/README.md): the interpreter imports nothing from
// the frameworks; ir/ imports nothing framework-specific and names no framework. Each rule is
// checked on the real tree, and on a small made-up tree that breaks it, to show the check
// fails when the rule is broken.
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { forbiddenImports, frameworkNames, importsOf, resolve, SourceFile, withoutComments } from './helpers/architecture';

const ROOT = path.join(__dirname, '..');

function read(dir: string, test: (name: string) => boolean): SourceFile[] {
  const out: SourceFile[] = [];
  for (const name of readdirSync(path.join(ROOT, dir)).sort()) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) {
      out.push(...read(rel, test));
    } else if (test(name)) {
      out.push({ path: rel, text: readFileSync(path.join(ROOT, rel), 'utf8') });
    }
  }
  return out;
}

const SOURCES = read('src', name => /\.(tsx?|js|mjs|py)$/.test(name));

test('the tree is found', () => {
  expect(SOURCES.map(f => f.path)).toEqual(expect.arrayContaining(['src/core/interp/interpreter.ts', 'src/core/frameworks/registry.ts', 'src/core/ir/dims.ts']));
});

describe('the interpreter knows Python only', () => {
  test('interp/ imports nothing from frameworks/', () => {
    expect(forbiddenImports(SOURCES, 'src/core/interp', ['src/core/frameworks'])).toEqual([]);
  });

  test('the check fails on an interpreter file that imports a framework', () => {
    const broken: SourceFile[] = [
      { path: 'src/core/interp/calls.ts', text: "import type { Engine } from './context';\nimport { TORCH } from '../frameworks/torch/framework';\n" },
      { path: 'src/core/interp/other.ts', text: "export { KERAS } from '../frameworks/keras/framework';\n" }
    ];
    expect(forbiddenImports(broken, 'src/core/interp', ['src/core/frameworks'])).toEqual([
      'src/core/interp/calls.ts -> ../frameworks/torch/framework',
      'src/core/interp/other.ts -> ../frameworks/keras/framework'
    ]);
  });
});

describe('ir/ is framework-neutral', () => {
  test('ir/ imports nothing from frameworks/', () => {
    expect(forbiddenImports(SOURCES, 'src/core/ir', ['src/core/frameworks'])).toEqual([]);
  });

  test('ir/ code names no framework', () => {
    expect(frameworkNames(SOURCES, 'src/core/ir')).toEqual([]);
  });

  test('the checks fail on an ir/ file that imports torch code or names Keras', () => {
    const broken: SourceFile[] = [
      { path: 'src/core/ir/build.ts', text: "// PyTorch is fine in a comment\nimport { TORCH_NN_CATALOG } from '../frameworks/torch/catalog';\nconst k = 'keras';\n" }
    ];
    expect(forbiddenImports(broken, 'src/core/ir', ['src/core/frameworks'])).toEqual(['src/core/ir/build.ts -> ../frameworks/torch/catalog']);
    expect(frameworkNames(broken, 'src/core/ir')).toEqual([
      "src/core/ir/build.ts:2: import { TORCH_NN_CATALOG } from '../frameworks/torch/catalog';",
      "src/core/ir/build.ts:3: const k = 'keras';"
    ]);
  });
});

test('the helpers read imports and comments as TypeScript does', () => {
  expect(importsOf("import a from './a';\nimport type { B } from '../b';\nexport * from './c';\nimport './d.css';\n")).toEqual(['./a', '../b', './c', './d.css']);
  expect(resolve('src/core/interp/calls.ts', '../frameworks/torch/host')).toBe('src/core/frameworks/torch/host');
  expect(withoutComments("const a = 'x // not a comment'; // torch\n/* keras */ const b = \"y\";\n")).toBe("const a = 'x // not a comment'; \n const b = \"y\";\n");
});
