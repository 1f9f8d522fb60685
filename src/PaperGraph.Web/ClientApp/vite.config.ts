/// <reference types="node" />
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** Writes a .br (quality 11) and a .gz (level 9) beside every built script and stylesheet, so the server sends
 * them as they are instead of compressing each response (Infrastructure/PrecompressedAssets.cs serves them). */
function precompress(): Plugin {
  return {
    name: 'papergraph-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = join(options.dir ?? '../wwwroot', 'assets');
      for (const name of readdirSync(dir)) {
        if (!/\.(js|css)$/.test(name)) continue;
        const data = readFileSync(join(dir, name));
        writeFileSync(join(dir, `${name}.br`), brotliCompressSync(data, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
        }));
        writeFileSync(join(dir, `${name}.gz`), gzipSync(data, { level: 9 }));
      }
    },
  };
}

// Builds into the web app's wwwroot; the .NET build runs this (see PaperGraph.Web.csproj).
export default defineConfig({
  base: '/',
  plugins: [precompress()],
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:5000',
      '/db': 'http://127.0.0.1:5000',
      '/hubs': { target: 'http://127.0.0.1:5000', ws: true },
    },
  },
});
