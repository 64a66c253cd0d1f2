// Built into dist/, which `shopsense serve` serves at /. No plugin: esbuild compiles JSX
// with React's automatic runtime, so the only build dependency is Vite itself.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 900, reportCompressedSize: false },
});
