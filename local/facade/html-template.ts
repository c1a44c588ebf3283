// HtmlService templates (HtmlTemplate.evaluate) for the local runtime: a template compiles to the source
// of a function expression that the runtime evaluates inside the bundle's vm context, so scriptlets see
// the bundle's globals (SpreadsheetApp, the bundle's own functions) as in Apps Script.
//
//   const fn = vm.runInContext(templateToScript(source), context);
//   const html = fn({ items: [...], title: 'x' }, escapeHtml);
//
// Scriptlets, as Apps Script's (Google's guide "HTML Service: Templated HTML": standard, printing and
// force-printing scriptlets, which can call functions defined in the script's code files and reference
// its globals, so a template reaches the bundle's globals, a private one such as include_ too):
//   <? code ?>       runs code; blocks may span HTML: <? if (a) { ?><b>yes</b><? } else { ?>no<? } ?>
//   <?= expr ?>      prints String(expr) HTML-escaped (undefined prints "undefined", as in Apps Script)
//   <?!= expr ?>     prints String(expr) unescaped (no contextual escaping), which Google's include
//                    pattern relies on ("HTML Service: Best Practices", <?!= include('Stylesheet'); ?>)
// Template variables (the template object's properties) are bare names through `with`, so the
// function must run in sloppy mode: vm.runInContext and vm.runInNewContext scripts are. Scriptlets may
// also call output.append(text) and output.appendUntrusted(text), as in Apps Script.
//
// Differences from Apps Script:
// - <?= ?> escapes for HTML text everywhere (& < > " '), where Apps Script picks the escaping by context
//   (inside <script>, in an attribute, in a URL). HTML escaping is safe in text and quoted attributes.
// - A `?>` inside a string literal or comment in a scriptlet ends the scriptlet (the scanner does not
//   parse JavaScript); write '?' + '>' instead.
// - The scriptlets run in a function of their own, so `var`s and functions they declare stay local to
//   the template, as the Apps Script docs describe.
//
// The generated code keeps template lines on the same line numbers where it can, so a stack trace
// from vm (given the template's file name) points close to the offending line.

/**
 * HtmlService's `<?= ?>` escaper, as the local runtime imitates it (see "Differences" above). It is an
 * imitation of Google's behaviour, so it stays here and is not shared/html.ts (FollowThrough's own rule).
 */
export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

type Chunk = { kind: 'text'; text: string } | { kind: 'code'; code: string } | { kind: 'print'; code: string; escape: boolean };

/** Splits a template into text and scriptlets. Throws a SyntaxError for a scriptlet without `?>`. */
function parseTemplate(source: string): Chunk[] {
  const chunks: Chunk[] = [];
  let pos = 0;
  while (pos < source.length) {
    const open = source.indexOf('<?', pos);
    if (open < 0) {
      chunks.push({ kind: 'text', text: source.slice(pos) });
      break;
    }
    if (open > pos) chunks.push({ kind: 'text', text: source.slice(pos, open) });
    const close = source.indexOf('?>', open + 2);
    if (close < 0) {
      const line = source.slice(0, open).split('\n').length;
      throw new SyntaxError(`Unterminated scriptlet: no ?> after the <? on line ${line}`);
    }
    const inner = source.slice(open + 2, close);
    if (inner.startsWith('!=')) chunks.push({ kind: 'print', code: inner.slice(2), escape: false });
    else if (inner.startsWith('=')) chunks.push({ kind: 'print', code: inner.slice(1), escape: true });
    else chunks.push({ kind: 'code', code: inner });
    pos = close + 2;
  }
  return chunks;
}

const countNewlines = (s: string) => s.split('\n').length - 1;

/**
 * Compiles a template to the source of `(function (__ft_scope, __ft_escape) { ... return __out; })`.
 * Evaluate it in sloppy mode and call it with the template variables and an HTML-escape function
 * (normally escapeHtml); it returns the rendered HTML.
 */
export function templateToScript(source: string): string {
  const chunks = parseTemplate(String(source));
  // Line bookkeeping: `extraLines` counts newlines the generated code added beyond the template's own;
  // they are paid back by leaving out the newlines that follow a text chunk which spans lines.
  let extraLines = 0;
  let body = '';
  for (const chunk of chunks) {
    if (chunk.kind === 'text') {
      // JSON.stringify gives a JavaScript string literal for any text (backticks, ${}, quotes, U+2028).
      body += `__out += ${JSON.stringify(chunk.text)};`;
      const lines = countNewlines(chunk.text);
      const paid = Math.min(lines, extraLines);
      extraLines -= paid;
      body += '\n'.repeat(lines - paid);
    } else if (chunk.kind === 'print') {
      // Trailing semicolons are tolerated (<?= x; ?>); the expression sits alone in parentheses, so
      // `<?= a, b ?>` or a statement is a SyntaxError when the function is evaluated.
      const expression = chunk.code.replace(/[\s;]+$/, '');
      const dropped = countNewlines(chunk.code.slice(expression.length));
      // A // comment in the expression would swallow the closing parentheses: end its line first.
      const lineBreak = expression.includes('//') ? '\n' : '';
      if (lineBreak) extraLines++;
      const value = `String((${expression}${lineBreak}))`;
      body += `__out += ${chunk.escape ? `__ft_escape(${value})` : value};` + '\n'.repeat(dropped);
    } else {
      // A newline, not a semicolon, after code: `<? } ?>` may be followed by `<? else { ?>` across an
      // empty text chunk, and the newline also ends a trailing // comment. The next generated
      // statement starts with an identifier, so automatic semicolon insertion ends the user's statement.
      body += `${chunk.code}\n`;
      extraLines++;
    }
  }
  return (
    '(function (__ft_scope, __ft_escape) { var __out = ""; ' +
    'var output = { append: function (s) { __out += String(s); return output; }, ' +
    'appendUntrusted: function (s) { __out += __ft_escape(String(s)); return output; } }; ' +
    // A null-prototype copy, so bare names such as toString or constructor reach the context's globals
    // rather than Object.prototype's members.
    'var __ft_vars = Object.assign(Object.create(null), __ft_scope); ' +
    `with (__ft_vars) { ${body}\n} return __out; })`
  );
}
