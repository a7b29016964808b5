// Bundles the CLI (src/cli/main.ts + the pure core + web-tree-sitter) into the single file
// bin/archlens.js with esbuild and copies the two wasm binaries next to it (bin/wasm), so
// `node bin/archlens.js` needs nothing else: the Python package ships these three files.
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
  logLevel: 'warning'
});
chmodSync(join(outDir, 'archlens.js'), 0o755);
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(outDir, 'wasm', 'web-tree-sitter.wasm'));
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), join(outDir, 'wasm', 'tree-sitter-python.wasm'));
