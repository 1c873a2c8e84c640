import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// Two entries: the dashboard, and a lighter page for OBS overlays (no chart library).
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      input: { index: here('index.html'), overlay: here('overlay.html') },
      // Libraries in chunks of their own: an overlay loads React and Socket.IO, never the charts.
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: 'socket',
              test: /node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io|xmlhttprequest-ssl)[\\/]/,
            },
            { name: 'uplot', test: /node_modules[\\/]uplot[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite web` during development, against a server on the default port.
    proxy: {
      '/api': 'http://127.0.0.1:5000',
      '/socket.io': { target: 'ws://127.0.0.1:5000', ws: true },
    },
  },
});
