// Module declarations for non-TypeScript assets that webpack turns into URLs.
declare module '*.wasm' {
  const url: string;
  export default url;
}
declare module '*.svg' {
  const svg: string;
  export default svg;
}
