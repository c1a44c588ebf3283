import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { escapeHtml, templateToScript } from '../../local/facade/html-template';

type TemplateFn = (scope: Record<string, unknown>, escape: (s: string) => string) => string;

function render(template: string, scope: Record<string, unknown> = {}, globals: Record<string, unknown> = {}): string {
  const fn = vm.runInNewContext(templateToScript(template), globals) as TemplateFn;
  return fn(scope, escapeHtml);
}

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
    expect(escapeHtml('plain')).toBe('plain');
  });
});

describe('templateToScript', () => {
  it('produces a function expression', () => {
    const src = templateToScript('hi');
    expect(src.startsWith('(function (__ft_scope, __ft_escape) {')).toBe(true);
    expect(src.trimEnd().endsWith('return __out; })')).toBe(true);
  });

  it('passes plain text through unchanged', () => {
    expect(render('<p>Hello</p>')).toBe('<p>Hello</p>');
    expect(render('')).toBe('');
  });

  it('preserves backticks, quotes, ${}, backslashes and newlines exactly', () => {
    const text = 'a `tick` and "double" and \'single\'\n${notInterpolated} \\n stays \\ \r\n\ttab \u2028 sep </script>\n';
    expect(render(text)).toBe(text);
    expect(render(`${text}<?= x ?>${text}`, { x: 1 })).toBe(`${text}1${text}`);
  });

  it('runs loops spanning HTML', () => {
    const template = '<ul><? for (var i = 0; i < items.length; i++) { ?><li><?= items[i] ?></li><? } ?></ul>';
    expect(render(template, { items: ['a', 'b', 'c'] })).toBe('<ul><li>a</li><li>b</li><li>c</li></ul>');
    expect(render(template, { items: [] })).toBe('<ul></ul>');
  });

  it('runs conditionals, with else in its own scriptlet', () => {
    const template = '<? if (admin) { ?>\n  <b>admin</b>\n<? } else { ?>\n  <i>user</i>\n<? } ?>\n';
    expect(render(template, { admin: true })).toBe('\n  <b>admin</b>\n\n');
    expect(render(template, { admin: false })).toBe('\n  <i>user</i>\n\n');
  });

  it('escapes <?= output and leaves <?!= output raw', () => {
    const canary = '<script>alert("x&y")</script>';
    expect(render('<div><?= v ?></div>', { v: canary })).toBe('<div>&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;</div>');
    expect(render('<div><?!= v ?></div>', { v: canary })).toBe(`<div>${canary}</div>`);
    expect(render(`<a title="<?= v ?>">`, { v: `"><img src=x onerror='1'>` })).toBe(
      '<a title="&quot;&gt;&lt;img src=x onerror=&#39;1&#39;&gt;">',
    );
  });

  it('prints String(value): numbers, undefined, null, objects', () => {
    expect(render('<?= n ?>|<?= u ?>|<?= z ?>|<?= [1, 2] ?>|<?= {} ?>', { n: 42, u: undefined, z: null })).toBe(
      '42|undefined|null|1,2|[object Object]',
    );
  });

  it('tolerates a trailing semicolon and a // comment in a printing scriptlet', () => {
    expect(render('<?= a + 1; ?>!', { a: 1 })).toBe('2!');
    expect(render('<?= a // the a ?>!', { a: 'x' })).toBe('x!');
  });

  it('lets code scriptlets declare variables, functions and use output.append', () => {
    const template =
      '<? var total = 0; function twice(x) { return x * 2 } // helper ?>' +
      '<? for (var i = 0; i < nums.length; i++) total += twice(nums[i]) ?>' +
      'total=<?= total ?><? output.append("<hr>").appendUntrusted("<b>") ?>';
    expect(render(template, { nums: [1, 2, 3] })).toBe('total=12<hr>&lt;b&gt;');
  });

  it("reaches the context's globals beside the template variables", () => {
    const globals = { greet: (name: string) => `Hello, ${name}` };
    expect(render('<?= greet(who) ?> <?= typeof toString ?>', { who: 'Ada' }, globals)).toBe('Hello, Ada function');
    // A template variable shadows a global of the same name.
    expect(render('<?= greet ?>', { greet: 'shadowed' }, globals)).toBe('shadowed');
  });

  it('accepts a null or missing scope', () => {
    const fn = vm.runInNewContext(templateToScript('<?= 1 + 1 ?>')) as (s: unknown, e: (s: string) => string) => string;
    expect(fn(null, escapeHtml)).toBe('2');
    expect(fn(undefined, escapeHtml)).toBe('2');
  });

  it('surfaces a syntax error in a scriptlet as a SyntaxError on evaluation', () => {
    const ctx = vm.createContext({});
    const evaluate = (t: string) => vm.runInContext(templateToScript(t), ctx);
    // The error is of the context's own SyntaxError class.
    const ContextSyntaxError = vm.runInContext('SyntaxError', ctx) as typeof SyntaxError;
    expect(() => evaluate('<? if (x { ?>y<? } ?>')).toThrow(ContextSyntaxError);
    expect(() => evaluate('<?= ?>')).toThrow(ContextSyntaxError);
    expect(() => evaluate('<?= a; b ?>')).toThrow(ContextSyntaxError);
  });

  it('rejects an unterminated scriptlet when compiling', () => {
    expect(() => templateToScript('line 1\n<?= oops')).toThrow(new SyntaxError('Unterminated scriptlet: no ?> after the <? on line 2'));
  });

  it('throws runtime errors from scriptlets to the caller, on the template line', () => {
    const template = '<p>\n<? var a = 1 ?>\n<? for (var i = 0; i < 2; i++) { ?>\n  <?= i ?>\n<? } ?>\n<?= missing.value ?>\n';
    const fn = vm.runInNewContext(templateToScript(template), {}, { filename: 'page.html' }) as TemplateFn;
    let error: unknown;
    try {
      fn({}, escapeHtml);
    } catch (e) {
      error = e;
    }
    expect(String(error)).toMatch(/ReferenceError: missing is not defined/);
    expect((error as Error).stack).toMatch(/page\.html:6\b/);
  });
});
