#!/usr/bin/env node
// `npx spanlight trace <url…>`: runs src/cli/trace.ts through tsx, which the project already uses.
// Exit 1 is only ever a failed assertion: anything that goes wrong outside the command's own
// handling (a flow's forgotten promise, a missing dependency) exits 2, with what happened.
const fail = (error) => {
  process.stderr.write(`spanlight: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
};
process.on('unhandledRejection', fail);
process.on('uncaughtException', fail);
try {
  const { register } = await import('tsx/esm/api');
  register();
  const { trace } = await import('../src/cli/trace.ts');
  process.exitCode = await trace(process.argv.slice(2));
} catch (error) {
  fail(error);
}
