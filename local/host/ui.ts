// The spreadsheet UI, host side: the add-on's menus (from onOpen) and the dialogs an execution shows.
export interface MenuItem {
  caption: string;
  functionName: string;
}
export interface MenuRecord {
  name: string;
  items: MenuItem[];
}
/** A dialog, sidebar or toast the script showed, for the sheet host page to display. */
export interface ShownDialog {
  /** A toast's `html` is its plain-text message. */
  kind: 'modal' | 'modeless' | 'sidebar' | 'toast';
  title: string;
  html: string;
  width: number;
  height: number;
}

export class UiHost {
  readonly menus: MenuRecord[] = [];
  private readonly dialogs = new Map<string, ShownDialog[]>();

  addMenu(menu: MenuRecord): void {
    const at = this.menus.findIndex((m) => m.name === menu.name);
    if (at >= 0) this.menus[at] = menu;
    else this.menus.push(menu);
  }

  showDialog(execId: string, dialog: ShownDialog): void {
    const list = this.dialogs.get(execId) ?? [];
    list.push(dialog);
    this.dialogs.set(execId, list);
  }

  /** The dialogs an execution showed; forgotten once taken. */
  takeDialogs(execId: string): ShownDialog[] {
    const list = this.dialogs.get(execId) ?? [];
    this.dialogs.delete(execId);
    return list;
  }
}
