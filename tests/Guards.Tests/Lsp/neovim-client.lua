-- Neovim's built-in LSP client driving `uc-guards lsp`, headless (run by NeovimClientTests):
--   nvim --headless --clean -c "luafile neovim-client.lua"
-- Environment: UC_GUARDS_LSP_CMD (the server command, a JSON array), UC_GUARDS_ROOT (the
-- workspace), UC_GUARDS_FILE (the file to open, with one finding), UC_GUARDS_OUT (where the
-- results go, as JSON). Works with the built-in client of Neovim 0.7 and later.
local cmd = vim.fn.json_decode(os.getenv('UC_GUARDS_LSP_CMD'))
local root = os.getenv('UC_GUARDS_ROOT')
local out = os.getenv('UC_GUARDS_OUT')
local results = {}

local function finish(status)
  results.status = status
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(results))
  f:close()
  vim.cmd('qall!')
end
vim.defer_fn(function() finish('timed out') end, 150000)

vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('UC_GUARDS_FILE')))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({ name = 'uc-guards', cmd = cmd, root_dir = root })
vim.lsp.buf_attach_client(buf, client_id)

-- The buffer's diagnostics as "line:column CODE source" (1-based), sorted.
local function diagnostics()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data and d.user_data.lsp) or {}
    table.insert(list, string.format('%d:%d %s %s', d.lnum + 1, d.col + 1, tostring(lsp.code or d.code or ''), tostring(d.source or '')))
  end
  table.sort(list)
  return list
end

-- Waits until the buffer's diagnostics hold `code` and differ from `changed_from` (Neovim shifts
-- the old ones as lines move before the server's answer arrives: the code tells them apart).
local function wait_for(description, code, changed_from)
  local ok = vim.wait(90000, function()
    local now = table.concat(diagnostics(), '|')
    return now:find(code, 1, true) ~= nil and now ~= table.concat(changed_from or {}, '|')
  end, 50)
  if not ok then finish('no diagnostics ' .. description) end
  return ok
end

local function position_params(d)
  local at = { line = d.lnum, character = d.col }
  return { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = at, range = { start = at, ['end'] = at }, context = { diagnostics = {} } }
end

-- 1. The file as opened.
if not wait_for('after opening', 'UCG1001') then return end
results.opened = diagnostics()

-- 2. An edit: a line above everything moves the finding down.
vim.api.nvim_buf_set_lines(buf, 0, 0, false, { '// Edited in Neovim.' })
if not wait_for('after the edit', 'UCG1001', results.opened) then return end
results.edited = diagnostics()

-- 3. Hover on the finding: the rule's explanation.
local first = vim.diagnostic.get(buf)[1]
for _, response in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/hover', position_params(first), 30000) or {}) do
  if response.result then results.hover = response.result.contents.value end
end

-- 4. The quick fix, applied as the editor applies it: the placeholder reason is reported until replaced.
local client = vim.lsp.get_client_by_id(client_id)
for _, response in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', position_params(first), 30000) or {}) do
  for _, action in ipairs(response.result or {}) do
    results.action = action.title
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
  end
end
if not wait_for('after the quick fix', 'UCG0002', results.edited) then return end
results.fixed = diagnostics()
finish('ok')
