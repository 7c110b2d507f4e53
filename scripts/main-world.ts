/**
 * The page-side script runs in the page's own JavaScript world, so it must declare no global. WXT
 * names its IIFE (`var capture=function(){…}()`) where minified output defeats its own unnaming
 * step, and a page script declaring `const capture` then dies with a SyntaxError. The name is
 * removed here, and the build fails if the file would still declare one.
 */
import type { Plugin } from 'vite';

export function mainWorld(entry = 'capture'): Plugin[] {
  return [
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
