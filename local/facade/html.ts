// HtmlService: HTML outputs from strings or from the bundle's .html files (beside Code.js, as clasp
// pushes them), shown by Ui.showModalDialog / showModelessDialog / showSidebar.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, templateToScript } from './html-template';
import { LocalContent } from './services';
import { GasError } from './spreadsheet/context';

export class LocalHtmlOutput extends LocalContent {
  private title = '';
  private width = 600;
  private height = 400;
  getTitle(): string {
    return this.title;
  }
  setTitle(title: string): this {
    this.title = String(title);
    return this;
  }
  getWidth(): number {
    return this.width;
  }
  setWidth(width: number): this {
    this.width = width;
    return this;
  }
  getHeight(): number {
    return this.height;
  }
  setHeight(height: number): this {
    this.height = height;
    return this;
  }
  setXFrameOptionsMode(_mode: unknown): this {
    return this;
  }
  private readonly metaTags: Array<{ name: string; content: string }> = [];
  /**
   * HtmlOutput.addMetaTag reference: "Meta tags included directly in an Apps Script HTML file are
   * ignored. Only the following meta tags are allowed: apple-mobile-web-app-capable,
   * google-site-verification, mobile-web-app-capable, viewport." The page the web app serves carries
   * only these (local/web/webapp-page.ts); a <meta> in the content stays inside the sandboxed frame, where a
   * browser ignores a viewport.
   */
  addMetaTag(name: string, content: string): this {
    const tag = String(name);
    if (!META_TAGS.includes(tag)) throw new GasError(`Invalid argument: name (${tag} is not one of ${META_TAGS.join(', ')})`);
    this.metaTags.push({ name: tag, content: String(content) });
    return this;
  }
  getMetaTags(): Array<{ name: string; content: string }> {
    return this.metaTags.map((m) => ({ ...m }));
  }
}

const META_TAGS = ['apple-mobile-web-app-capable', 'google-site-verification', 'mobile-web-app-capable', 'viewport'];

/**
 * A template: scriptlets `<? ?>`, `<?= ?>` (escaped) and `<?!= ?>` (raw); variables are the properties
 * the script sets on it. evaluate() runs the scriptlets in the bundle's own scope, as Apps Script does.
 */
export class LocalHtmlTemplate {
  [variable: string]: unknown;

  constructor(source: string, runInScope: (code: string) => unknown) {
    Object.defineProperty(this, '__source', { value: source, enumerable: false });
    Object.defineProperty(this, '__run', { value: runInScope, enumerable: false });
  }

  getRawContent(): string {
    return this.__source as string;
  }

  getCode(): string {
    return templateToScript(this.__source as string);
  }

  evaluate(): LocalHtmlOutput {
    const render = (this.__run as (code: string) => unknown)(this.getCode()) as (scope: object, escape: (s: string) => string) => string;
    const scope: Record<string, unknown> = {};
    for (const key of Object.keys(this)) scope[key] = this[key];
    return new LocalHtmlOutput(render(scope, escapeHtml));
  }
}

export function makeHtmlService(bundleDir: string, runInScope: (code: string) => unknown) {
  const fileSource = (filename: string): string => {
    const name = String(filename).replace(/\.html$/, '');
    const file = join(bundleDir, `${name}.html`);
    if (!/^[\w-]+$/.test(name) || !existsSync(file)) throw new GasError(`No HTML file named ${filename} was found.`);
    return readFileSync(file, 'utf8');
  };
  return {
    XFrameOptionsMode: { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' },
    SandboxMode: { IFRAME: 'IFRAME', NATIVE: 'NATIVE', EMULATED: 'EMULATED' },
    createHtmlOutput: (html?: string) => new LocalHtmlOutput(html === undefined ? '' : String(html)),
    createHtmlOutputFromFile: (filename: string) => new LocalHtmlOutput(fileSource(filename)),
    createTemplate: (html: string) => new LocalHtmlTemplate(String(html), runInScope),
    createTemplateFromFile: (filename: string) => new LocalHtmlTemplate(fileSource(filename), runInScope),
  };
}
