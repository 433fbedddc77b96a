// One bundle, three roles: `swarm-rollout check …` runs the checker, the validator worker thread (started by the
// server from this same file) checks documents, anything else starts the language server.
import { main as check } from './cli';
import { startServer } from './lsp/server';
import { isValidatorWorker, runValidatorWorker } from './lsp/validator';

if (isValidatorWorker()) {
  runValidatorWorker();
} else if (process.argv[2] === 'check') {
  process.exitCode = check(process.argv.slice(3));
} else {
  startServer();
}
