import { readFileSync } from 'fs';
import { Parser, Language } from 'web-tree-sitter';

test('tree-sitter python loads from bytes', async () => {
  await Parser.init({ wasmBinary: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')) });
  const lang = await Language.load(new Uint8Array(readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'))));
  const p = new Parser();
  p.setLanguage(lang);
  const t = p.parse('import torch\nx = 1\n')!;
  expect(t.rootNode.type).toBe('module');
  expect(t.rootNode.namedChildCount).toBe(2);
});
