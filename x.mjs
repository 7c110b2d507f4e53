import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
for (const entry of ['src/capture/index.ts', 'src/bridge/bridge.ts']) {
  const r = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'iife', write: false, metafile: true, target: 'es2020' });
  const out = Object.values(r.metafile.outputs)[0];
  console.log(entry, r.outputFiles[0].contents.length, 'gzip', gzipSync(r.outputFiles[0].contents, { level: 9 }).length);
  const rows = Object.entries(out.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
  for (const [f, i] of rows.slice(0, 40)) console.log(String(i.bytesInOutput).padStart(7), f);
}
