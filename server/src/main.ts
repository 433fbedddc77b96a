// One bundle, two commands: `swarm-rollout check …` runs the checker, anything else starts the language server.
import { main as check } from './cli';
import { startServer } from './lsp/server';

if (process.argv[2] === 'check') {
  process.exitCode = check(process.argv.slice(3));
} else {
  startServer();
}
