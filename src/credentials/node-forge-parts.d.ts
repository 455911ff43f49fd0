// node-forge publishes its parts as CommonJS files without types; each registers itself on the
// object 'node-forge/lib/forge.js' exports (typed as the whole of node-forge by certificate.ts).
declare module 'node-forge/lib/*';
