// esbuild `inject` file for the CommonJS CLI bundle: web-tree-sitter's ES module build reads
// import.meta.url (to locate itself), which a CommonJS file does not have; this gives it the
// bundle's own file URL. Does not: change where the wasm files are read from (src/cli/wasm.ts).
import { pathToFileURL } from 'url';

export const importMetaUrl = pathToFileURL(__filename).href;
