// Extra webpack rules merged by `jupyter labextension build` into the federated build.
// The two WebAssembly binaries (tree-sitter's runtime and the Python grammar) are emitted as
// plain files next to the extension's JavaScript; the worker fetches them by URL.
module.exports = {
  module: {
    rules: [
      {
        test: /\.wasm$/,
        type: 'asset/resource',
        generator: { filename: 'wasm/[name].[contenthash:8][ext]' }
      }
    ]
  },
  resolve: {
    // web-tree-sitter's emscripten loader mentions Node modules on a branch that never runs
    // in a browser; tell webpack not to look for them.
    fallback: { fs: false, 'fs/promises': false, path: false, module: false, url: false, crypto: false }
  }
};
