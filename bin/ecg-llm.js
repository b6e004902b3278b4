#!/usr/bin/env node
// The `ecg-llm` command. The code lives in the built library (dist/), like everything notebooks use.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('ecg-llm: the library is not built yet. Run `npm run build` in the workspace first.\n');
  process.exit(1);
}
// A reader that stops reading (`ecg-llm rag query --json ... | head`) ends the command quietly, as SIGPIPE ends
// other command-line tools, instead of an unhandled EPIPE error. Results are written atomically, so nothing is
// left half-written.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main, setExitOnSignal } = await import(entry.href);
// Ctrl-C / SIGTERM end the command with 130 / 143 after recording the run as interrupted (in a notebook or a
// script a signal only stops the run; see withRun in lib/core/run.ts).
setExitOnSignal(true);
process.exitCode = await main(process.argv.slice(2));
