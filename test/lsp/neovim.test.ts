// A second editor: headless Neovim (Debian's 0.7.2; scripts/setup.sh installs it) starts the built server with
// its own LSP client (vim.lsp.start_client), gets diagnostics, a completion list and quick fixes. HOME and the
// XDG directories point into a temp dir so no user config, plugin or shada file takes part.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SERVER } from './harness';
import { requirePrereq } from '../helpers/prereq';

const DIR = path.resolve(__dirname, 'neovim');

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

describe('Neovim as a second LSP client', function () {
  this.timeout(90_000);
  let version: string | undefined;

  before(function () {
    requirePrereq(this, fs.existsSync(SERVER), `${SERVER} is not built (npm run build)`);
    version = nvimVersion();
    requirePrereq(this, version !== undefined, 'nvim is not installed (scripts/setup.sh installs Debian\'s neovim)');
  });

  it('gets diagnostics, a completion list and quick fixes from the server', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sr-nvim-'));
    try {
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, 'config'),
        XDG_DATA_HOME: path.join(home, 'data'),
        XDG_STATE_HOME: path.join(home, 'state'),
        XDG_CACHE_HOME: path.join(home, 'cache'),
        SR_NODE: process.execPath,
        SR_SERVER: SERVER,
        SR_FILE: path.join(DIR, 'broken-stack.yml'),
      };
      const args = ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(DIR, 'lsp-check.lua')}`];
      const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const p = spawn('nvim', args, { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
        let so = '';
        let se = '';
        p.stdout.on('data', (d: Buffer) => { so += d.toString(); });
        p.stderr.on('data', (d: Buffer) => { se += d.toString(); });
        const timer = setTimeout(() => p.kill('SIGKILL'), 80_000);
        p.on('exit', (c) => { clearTimeout(timer); resolve({ code: c, stdout: so, stderr: se }); });
      });
      if (process.env.SHOW_NVIM || code !== 0) console.log(`      ${version}\n${stdout.replace(/^/gm, '      | ')}`);
      assert.strictEqual(code, 0, `nvim exited ${code}\n${stdout}\n${stderr}`);
      assert.match(stdout, /RESULT: PASS/);
      assert.match(stdout, /stack\/forbidden: mem_limit is forbidden/);
      assert.match(stdout, /completion at 9:5 -> [1-9]\d* items/);
      assert.match(stdout, /quick fix for stack\/forbidden: Move mem_limit to deploy\.resources\.limits\.memory/);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
