-- Headless Neovim (0.7+) as a second editor for the Swarm Rollout language server: diagnostics, completion and
-- quick fixes through Neovim's own LSP client (vim.lsp.start_client), the way a user's init.lua would start it.
-- Run by test/lsp/neovim.test.ts:  nvim --headless -u NONE -i NONE -n -c "luafile test/lsp/neovim/lsp-check.lua"
-- Env: SR_NODE (node binary), SR_SERVER (server/out/server.js), SR_FILE (the stack file to open).
local out = function(...) io.stdout:write(string.format(...) .. '\n') end
local node = assert(os.getenv('SR_NODE'), 'SR_NODE')
local server = assert(os.getenv('SR_SERVER'), 'SR_SERVER')
local file = assert(os.getenv('SR_FILE'), 'SR_FILE')
local t0 = vim.loop.hrtime()
local function ms() return (vim.loop.hrtime() - t0) / 1e6 end
local function finish(pass, client_id)
  out(pass and 'RESULT: PASS' or 'RESULT: FAIL')
  if client_id then
    vim.lsp.stop_client(client_id)
    vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  end
  vim.cmd(pass and 'qall!' or 'cquit 1')
end

local published = nil
local client_id = vim.lsp.start_client({
  name = 'swarm-rollout',
  cmd = { node, server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result and #result.diagnostics > 0 then published = result end
      return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
  on_init = function(client) out('[%.0f ms] initialized: %s', ms(), client.name) end,
})
if not client_id then out('FAIL: start_client'); finish(false) end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = 'yaml' -- -u NONE has no filetype detection; this becomes the languageId
vim.lsp.buf_attach_client(bufnr, client_id)
local uri = vim.uri_from_bufnr(bufnr)

-- 1. diagnostics
if not vim.wait(30000, function() return published ~= nil end, 50) then out('FAIL: no diagnostics within 30 s'); finish(false, client_id) end
out('[%.0f ms] publishDiagnostics (%d):', ms(), #published.diagnostics)
local codes = {}
for _, d in ipairs(published.diagnostics) do
  codes[tostring(d.code)] = d
  out('  %d:%d severity=%s %s: %s', d.range.start.line + 1, d.range.start.character + 1, tostring(d.severity), tostring(d.code), d.message)
end

-- 2. completion on the blank line inside service `web` (the last line, indented 4 spaces)
local last = vim.api.nvim_buf_line_count(bufnr) - 1
local params = { textDocument = { uri = uri }, position = { line = last, character = 4 } }
local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, 15000)
local labels = {}
for _, r in pairs(resp or {}) do
  if r.err then out('completion error: %s', vim.inspect(r.err)) end
  local res = r.result or {}
  for _, it in ipairs(res.items or res) do table.insert(labels, it.label) end
end
out('[%.0f ms] completion at %d:%d -> %d items: %s', ms(), last + 1, 5, #labels, table.concat(labels, ' ', 1, math.min(#labels, 12)))

-- 3. quick fixes for the diagnostics
local titles = {}
for _, d in ipairs(published.diagnostics) do
  local ca = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction',
    { textDocument = { uri = uri }, range = d.range, context = { diagnostics = { d } } }, 15000)
  for _, r in pairs(ca or {}) do
    for _, a in ipairs(r.result or {}) do table.insert(titles, a.title); out('  quick fix for %s: %s', tostring(d.code), a.title) end
  end
end

-- 4. assertions
local has = function(label) for _, l in ipairs(labels) do if l == label then return true end end return false end
local pass = codes['stack/forbidden'] ~= nil and codes['schema/unknown-key'] ~= nil and codes['schema/duration'] ~= nil
  and #labels > 0 and has('healthcheck') and #titles >= 3
finish(pass, client_id)
