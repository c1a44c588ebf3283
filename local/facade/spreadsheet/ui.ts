// Ui and Menu: dialogs, sidebars and the add-on's menu, shown by the host page.
import type { MenuItem } from '../../host/ui';
import type { Ctx } from './context';

interface HtmlOutputLike {
  getContent(): string;
  getTitle?(): string;
  getWidth?(): number;
  getHeight?(): number;
}

export class LocalUi {
  constructor(private readonly ctx: Ctx) {}
  createMenu(name: string): LocalMenu {
    return new LocalMenu(this.ctx, String(name));
  }
  createAddonMenu(): LocalMenu {
    return new LocalMenu(this.ctx, 'FollowThrough');
  }
  private show(kind: 'modal' | 'modeless' | 'sidebar', output: HtmlOutputLike, title?: string): void {
    this.ctx.channel.call('ui', 'showDialog', [
      {
        kind,
        title: title ?? output.getTitle?.() ?? '',
        html: output.getContent(),
        width: output.getWidth?.() ?? 600,
        height: output.getHeight?.() ?? 400,
      },
    ]);
  }
  showModalDialog(output: HtmlOutputLike, title: string): void {
    this.show('modal', output, String(title));
  }
  showModelessDialog(output: HtmlOutputLike, title: string): void {
    this.show('modeless', output, String(title));
  }
  showSidebar(output: HtmlOutputLike): void {
    this.show('sidebar', output);
  }
}

export class LocalMenu {
  private readonly items: MenuItem[] = [];
  constructor(
    private readonly ctx: Ctx,
    private readonly name: string,
  ) {}
  addItem(caption: string, functionName: string): this {
    this.items.push({ caption: String(caption), functionName: String(functionName) });
    return this;
  }
  addSeparator(): this {
    return this;
  }
  addToUi(): void {
    this.ctx.channel.call('ui', 'addMenu', [{ name: this.name, items: this.items }]);
  }
}
