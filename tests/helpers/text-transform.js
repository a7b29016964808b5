// Jest transform for files the core imports as text (the library descriptions written in
// Python): the module's default export is the file's content, as esbuild's 'text' loader and
// webpack's asset/source give it.
module.exports = {
  process(sourceText) {
    return { code: `module.exports = { __esModule: true, default: ${JSON.stringify(sourceText)} };\n` };
  }
};
