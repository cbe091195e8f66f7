/**
 * Builds the renderer into dist/renderer. `base: './'` keeps every asset URL
 * relative, so the same build loads over loopback HTTP (browser mode), from a
 * custom protocol or from file:// (Electron).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * pdf.js's WebAssembly decoders (JPEG 2000, JBIG2, ICC colour), the JavaScript fallback of the
 * JPEG 2000 one and their licences, copied as they are into `pdfjs-wasm/`: pdf.js composes their
 * names onto its `wasmUrl`, so they keep their names (see `pdfjsWasmDir` in src/pdf/pdfjs.ts).
 * Without them a scanned page compressed as JPEG 2000 is drawn without its image.
 */
function pdfjsWasm(): Plugin {
  const wasmDir = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'wasm');
  return {
    name: 'chamber-pdfjs-wasm',
    generateBundle() {
      for (const fileName of readdirSync(wasmDir)) {
        this.emitFile({ type: 'asset', fileName: `pdfjs-wasm/${fileName}`, source: readFileSync(path.join(wasmDir, fileName)) });
      }
    },
  };
}

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), pdfjsWasm()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The pdf.js worker is big by nature; the warning would only be noise.
    chunkSizeWarningLimit: 2500,
    target: 'es2022',
  },
  server: { host: '127.0.0.1' },
});
