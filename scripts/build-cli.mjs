// Bundles the CLI (src/cli/main.ts + the pure core) into bin/archlens.js with esbuild and
// copies the two wasm binaries next to it, so `node bin/archlens.js` needs nothing else
// but web-tree-sitter from node_modules.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync } from 'fs';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
mkdirSync('bin/wasm', { recursive: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  outfile: 'bin/archlens.js',
  banner: { js: '#!/usr/bin/env node' },
  external: ['web-tree-sitter'],
  // Library descriptions written in Python are bundled as their text.
  loader: { '.py': 'text' },
  logLevel: 'warning'
});
chmodSync('bin/archlens.js', 0o755);
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'bin/wasm/web-tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), 'bin/wasm/tree-sitter-python.wasm');
