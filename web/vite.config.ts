/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// Three pages: the big screen (index.html, served at /), the dispatcher console (dispatch.html,
// served at /dispatch) and the login page (login.html, served at /login). The build goes straight
// into the jar's webroot.
export default defineConfig({
  base: '/',
  build: {
    outDir: resolve(import.meta.dirname, '../target/classes/webroot'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        // MapLibre's worker is an .mjs asset; .js gets a JavaScript MIME type from any server.
        assetFileNames: (info) => (info.names?.[0] ?? '').endsWith('.mjs') ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]',
      },
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        dispatch: resolve(import.meta.dirname, 'dispatch.html'),
        login: resolve(import.meta.dirname, 'login.html'),
      },
    },
  },
  server: {
    // `npm run dev` against a GridWatch on :8080
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/live': { target: 'ws://127.0.0.1:8080', ws: true },
      '/glyphs': 'http://127.0.0.1:8080',
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
