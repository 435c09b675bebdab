#!/usr/bin/env node
// Runs the compiled CLI: `npm ci` builds dist/ through the prepare script, so no start pays for a TypeScript compile.
import { main } from '../dist/cli/main.js';

// A reader that stops early (`lanaudit devices | head`) closes the pipe: the output ends there, it is no crash.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await main(process.argv);
