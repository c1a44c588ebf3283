// Editing cells in the sheet host page, as in Google Sheets' grid: click (or the arrow keys) selects a
// cell; double-click, Enter or F2 opens its edit box with the cell's content; typing a character opens
// it replacing the content; Enter saves and selects the cell below, Tab saves and selects the one to the
// right, Escape cancels; Delete or Backspace clears the selected cell; Space toggles a checkbox cell. A
// dropdown cell offers its list's values while typing. The server applies Sheets' rules (protection,
// validation, what typing becomes, see SheetsHost.userEdit) and fires the bundle's onEdit trigger.
// Source: Google Sheets Help, "Keyboard shortcuts for Google Sheets" (Enter/F2 edit, Esc cancel,
// Delete clears, Tab/Enter move), "Create an in-cell dropdown list", "Add & use checkboxes" (Space).

/** Runs in the host page (with the page's CSP nonce). */
export const HOST_EDITOR = `
(function () {
  var table = document.querySelector('table[data-tab]');
  if (!table) return;
  var tab = table.getAttribute('data-tab');
  var alertBox = document.getElementById('ft-cell-alert');
  var active = null, editing = null;
  function cellAt(r, c) { return table.querySelector('[data-r="' + r + '"][data-c="' + c + '"]'); }
  function select(cell) {
    if (!cell) return;
    if (active) { active.classList.remove('active'); active.setAttribute('tabindex', '-1'); }
    active = cell;
    cell.classList.add('active'); cell.setAttribute('tabindex', '0');
    cell.focus();
  }
  function pos(cell) { return { r: Number(cell.getAttribute('data-r')), c: Number(cell.getAttribute('data-c')) }; }
  function say(text) { alertBox.textContent = text; alertBox.hidden = !text; }
  function post(body) {
    return fetch('/__host/edit', { method: 'POST', headers: { 'content-type': 'application/json', 'x-followthrough-host': '1' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); });
  }
  function commit(cell, value, next) {
    var p = pos(cell);
    var body = { tab: tab, row: p.r, col: p.c, value: value, confirmed: false };
    say('');
    return post(body).then(function (answer) {
      if (!answer.ok && answer.confirm) {
        if (!window.confirm(answer.confirm)) return false;
        body.confirmed = true;
        return post(body);
      }
      return answer;
    }).then(function (answer) {
      if (answer === false) { select(cell); return; }
      if (!answer.ok) { say(answer.error || 'The edit failed.'); select(cell); return; }
      var u = new URL(location.href);
      u.searchParams.set('tab', tab);
      u.searchParams.set('cell', next.r + ',' + next.c);
      u.searchParams.delete('dialog');
      location.replace(u.toString());
    }).catch(function (e) { say('The edit failed: ' + e); });
  }
  function openEditor(cell, replaceWith) {
    var p = pos(cell);
    // The edit box opens at once (typing goes on into it); the cell's input text and its dropdown's
    // values arrive from the workbook.
    var input = document.createElement('input');
    input.className = 'cell-editor';
    input.setAttribute('aria-label', 'Edit cell ' + cell.getAttribute('data-a1'));
    input.value = replaceWith === undefined ? '' : replaceWith;
    var touched = replaceWith !== undefined;
    input.addEventListener('input', function () { touched = true; });
    editing = { cell: cell, input: input, original: cell.innerHTML };
    cell.textContent = '';
    cell.appendChild(input);
    input.focus();
    fetch('/__host/cell?tab=' + encodeURIComponent(tab) + '&row=' + p.r + '&col=' + p.c, { headers: { 'x-followthrough-host': '1' } })
      .then(function (r) { return r.json(); })
      .then(function (info) {
        if (!editing || editing.input !== input) return;
        if (!info.ok) { say(info.error); return; }
        if (!touched) { input.value = info.input; input.setSelectionRange(input.value.length, input.value.length); }
        if (info.list) {
          var list = document.createElement('datalist');
          list.id = 'ft-cell-list';
          info.list.forEach(function (v) { var o = document.createElement('option'); o.value = v; list.appendChild(o); });
          document.body.appendChild(list);
          input.setAttribute('list', list.id);
        }
        input.setAttribute('data-ready', '1');
      });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === 'Tab') {
        ev.preventDefault();
        var next = ev.key === 'Enter' ? { r: p.r + 1, c: p.c } : { r: p.r, c: p.c + 1 };
        var value = input.value;
        closeEditor(false);
        commit(cell, value, next);
      } else if (ev.key === 'Escape') {
        ev.preventDefault();
        closeEditor(true);
      }
      ev.stopPropagation();
    });
  }
  function closeEditor(refocus) {
    if (!editing) return;
    var e = editing;
    editing = null;
    var list = document.getElementById('ft-cell-list');
    if (list) list.remove();
    // The cell shows its stored value until the saved edit reloads the page.
    e.cell.innerHTML = e.original;
    if (refocus) select(e.cell);
  }
  table.addEventListener('click', function (ev) {
    var cell = ev.target.closest('[data-r]');
    if (cell && !editing) select(cell);
  });
  table.addEventListener('dblclick', function (ev) {
    var cell = ev.target.closest('[data-r]');
    if (cell && !editing) { select(cell); openEditor(cell); }
  });
  table.addEventListener('keydown', function (ev) {
    if (editing || !active) return;
    var p = pos(active);
    var moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[ev.key]) { ev.preventDefault(); select(cellAt(p.r + moves[ev.key][0], p.c + moves[ev.key][1]) || active); return; }
    if (ev.key === 'Enter' || ev.key === 'F2') { ev.preventDefault(); openEditor(active); return; }
    if (ev.key === 'Delete' || ev.key === 'Backspace') { ev.preventDefault(); commit(active, '', p); return; }
    if (ev.key === ' ' && active.getAttribute('data-checkbox') === '1') {
      ev.preventDefault();
      commit(active, active.textContent.trim() === 'TRUE' ? 'FALSE' : 'TRUE', p);
      return;
    }
    if (ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) { ev.preventDefault(); openEditor(active, ev.key); }
  });
  var wanted = new URL(location.href).searchParams.get('cell');
  var start = wanted ? wanted.split(',') : null;
  select((start && (cellAt(start[0], start[1]) || cellAt(Number(start[0]) - 1, start[1]))) || table.querySelector('[data-r]'));
  if (!wanted && active) active.blur();
})();`;
