// Copies the files the core imports as text (library descriptions written in Python,
// src/**/*.py) next to tsc's output in lib/, where the labextension build (webpack, rule
// asset/source in webpack.config.js) finds them. Part of `npm run build:lib`.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'fs';
import { dirname, join, relative } from 'path';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');
const lib = join(root, 'lib');

function copy(dir) {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      n += copy(full);
    } else if (name.endsWith('.py')) {
      const to = join(lib, relative(src, full));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(full, to);
      n++;
    }
  }
  return n;
}

console.log(`copied ${copy(src)} .py files into lib/`);
