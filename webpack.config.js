// Extra webpack rules merged by `jupyter labextension build` into the federated build.
// The two WebAssembly binaries (tree-sitter's runtime and the Python grammar) are emitted as
// plain files next to the extension's JavaScript; the worker fetches them by URL. The library
// descriptions (.py files the core imports) are inlined as strings.
module.exports = {
  module: {
    rules: [
      {
        test: /\.wasm$/,
        type: 'asset/resource',
        generator: { filename: 'wasm/[name].[contenthash:8][ext]' }
      },
      {
        // Library descriptions written in Python: bundled as their text.
        test: /\.py$/,
        type: 'asset/source'
      }
    ]
  },
  resolve: {
    // web-tree-sitter's emscripten loader mentions Node modules on a branch that never runs
    // in a browser; tell webpack not to look for them.
    fallback: { fs: false, 'fs/promises': false, path: false, module: false, url: false, crypto: false }
  }
};
