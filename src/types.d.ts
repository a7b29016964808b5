// Module declarations for non-TypeScript assets: wasm and svg files that webpack turns into
// URLs, and Python files (library descriptions) that every bundler imports as their text
// (jest: tests/helpers/text-transform.js, esbuild: loader '.py': 'text', webpack:
// asset/source in webpack.config.js; `npm run build:lib` copies them next to lib/'s JS).
declare module '*.wasm' {
  const url: string;
  export default url;
}
declare module '*.svg' {
  const svg: string;
  export default svg;
}
declare module '*.py' {
  const source: string;
  export default source;
}
