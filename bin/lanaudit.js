#!/usr/bin/env node
// Runs the compiled CLI: `npm ci` builds dist/ through the prepare script, so no start pays for a TypeScript compile.

// Checked before anything loads: on an older Node the native SQLite module fails with a cryptic ABI error.
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  process.stderr.write(
    `lanaudit needs Node.js 20 or newer; this is ${process.versions.node}. ` +
      'Debian 13 ships Node 20 (apt-get install nodejs); on Debian 12 install Node 20 from NodeSource or nvm (see README, Quick start).\n',
  );
  process.exit(2);
}

// A reader that stops early (`lanaudit devices | head`) closes the pipe: the output ends there, it is no crash.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const { installLastResort, main } = await import('../dist/cli/main.js');
// An error nobody caught is logged and recorded (a running scan marked interrupted), then exit 1.
installLastResort();
process.exitCode = await main(process.argv);
