#!/usr/bin/env node
// `npx spanlight trace <url…>`: runs src/cli/trace.ts through tsx, which the project already uses.
import { register } from 'tsx/esm/api';

register();
const { trace } = await import('../src/cli/trace.ts');
process.exitCode = await trace(process.argv.slice(2));
