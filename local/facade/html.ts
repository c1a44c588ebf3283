// HtmlService: HTML outputs from strings or from the bundle's .html files (beside Code.js, as clasp
// pushes them), shown by Ui.showModalDialog / showModelessDialog / showSidebar.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalContent } from './services';
import { GasError } from './spreadsheet';

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
  addMetaTag(_name: string, _content: string): this {
    return this;
  }
}

export function makeHtmlService(bundleDir: string) {
  return {
    XFrameOptionsMode: { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' },
    SandboxMode: { IFRAME: 'IFRAME', NATIVE: 'NATIVE', EMULATED: 'EMULATED' },
    createHtmlOutput: (html?: string) => new LocalHtmlOutput(html === undefined ? '' : String(html)),
    createHtmlOutputFromFile(filename: string): LocalHtmlOutput {
      const name = String(filename).replace(/\.html$/, '');
      const file = join(bundleDir, `${name}.html`);
      if (!/^[\w-]+$/.test(name) || !existsSync(file)) throw new GasError(`No HTML file named ${filename} was found.`);
      return new LocalHtmlOutput(readFileSync(file, 'utf8'));
    },
  };
}
