#!/usr/bin/env node
// Runs the compiled CLI: `npm ci` builds dist/ through the prepare script, so no start pays for a TypeScript compile.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
