/**
 * Builds the renderer into dist/renderer. `base: './'` keeps every asset URL
 * relative, so the same build loads over loopback HTTP (browser mode), from a
 * custom protocol or from file:// (Electron).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The pdf.js worker is big by nature; the warning would only be noise.
    chunkSizeWarningLimit: 2500,
    target: 'es2022',
  },
  server: { host: '127.0.0.1' },
});
