// Bundles the CLI (src/cli/main.ts + the pure core + web-tree-sitter) into the single file
// bin/archlens.js with esbuild and copies the two wasm binaries next to it (bin/wasm), and
// web-tree-sitter's CommonJS file (bin/web-tree-sitter.cjs: a fresh wasm runtime after one
// failed, src/cli/parser.ts), so `node bin/archlens.js` needs nothing else: the Python package
// ships these four files.
// `node scripts/build-cli.mjs DIR` builds into DIR instead (tests use their own copy).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync } from 'fs';
import { createRequire } from 'module';
import { join } from 'path';

const require = createRequire(import.meta.url);
const outDir = process.argv[2] ?? 'bin';
mkdirSync(join(outDir, 'wasm'), { recursive: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  outfile: join(outDir, 'archlens.js'),
  banner: { js: '#!/usr/bin/env node' },
  // Library descriptions written in Python are bundled as their text.
  loader: { '.py': 'text' },
  inject: ['scripts/cli/import-meta-url.js'],
  define: { 'import.meta.url': 'importMetaUrl' },
  logLevel: 'warning',
  // parser.ts resolves web-tree-sitter only in a source tree (the bundle has the file beside it).
  logOverride: { 'require-resolve-not-external': 'silent' }
});
chmodSync(join(outDir, 'archlens.js'), 0o755);
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(outDir, 'wasm', 'web-tree-sitter.wasm'));
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), join(outDir, 'wasm', 'tree-sitter-python.wasm'));
copyFileSync(require.resolve('web-tree-sitter'), join(outDir, 'web-tree-sitter.cjs'));
