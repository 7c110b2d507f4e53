/**
 * Build steps for the page-side script, which runs in the page's own JavaScript world.
 * - No global: WXT names its IIFE (`var capture=function(){…}()`) when minified output defeats
 *   its own unnaming step, and a page script declaring `const capture` then dies with a
 *   SyntaxError. The name is removed here, and the build fails if the file still declares one.
 * - web-vitals calls `setTimeout`, `addEventListener`, … as globals at each use; here each of
 *   its modules imports the platform's functions taken at document_start (src/capture/globals.ts)
 *   under those names instead.
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const GLOBALS = resolve(import.meta.dirname, '../src/capture/globals.ts');
const NAMES = ['addEventListener', 'removeEventListener', 'setTimeout', 'clearTimeout', 'requestAnimationFrame', 'queueMicrotask', 'requestIdleCallback', 'cancelIdleCallback'];

export function mainWorld(entry = 'capture'): Plugin[] {
  return [
    {
      name: 'spanlight:platform-globals',
      enforce: 'pre',
      transform(code, id) {
        if (!id.includes('/node_modules/web-vitals/')) return undefined;
        const own = code.replaceAll('globalThis.requestIdleCallback', 'requestIdleCallback').replaceAll('globalThis.cancelIdleCallback', 'cancelIdleCallback');
        const used = NAMES.filter((name) => new RegExp(`\\b${name}\\b`).test(own));
        return used.length ? `import { ${used.join(', ')} } from ${JSON.stringify(GLOBALS)};\n${own}` : undefined;
      },
    },
    {
      name: 'spanlight:no-global',
      enforce: 'post',
      generateBundle(_options, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk' || chunk.fileName !== `content-scripts/${entry}.js`) continue;
          chunk.code = chunk.code.replace(new RegExp(`^var ${entry}\\s*=\\s*`), '!');
          if (/^(?:var|let|const|class|function)\b/.test(chunk.code)) this.error(`${chunk.fileName} would declare a global: ${chunk.code.slice(0, 40)}`);
        }
      },
    },
  ];
}
