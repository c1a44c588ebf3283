// Capture from any page: the context menu ("Add selection to notes", "Add selection as action item")
// and the keyboard shortcut that opens the panel. Both open the panel and leave a clip (the selection,
// the page's title and URL) that the panel takes in. Only activeTab-level access: a menu click or the
// shortcut lets the extension see that one tab's title and URL; no host permission is asked for.
import { browser, type Browser } from 'wxt/browser';
import { addClip } from './clips';
import type { Clip } from './storage';
import { openPanel } from './toolbar';

export const MENU_NOTE = 'ft-add-note';
export const MENU_ITEM = 'ft-add-item';
export const OPEN_COMMAND = 'open-panel';

type MenuInfo = Pick<Browser.contextMenus.OnClickData, 'menuItemId' | 'selectionText' | 'pageUrl' | 'frameUrl'>;
type TabInfo = Pick<Browser.tabs.Tab, 'windowId' | 'title' | 'url'> & { id?: number | undefined };

function menus(): typeof browser.contextMenus | undefined {
  return browser.contextMenus;
}

/** (Re)creates the menu items; they live as long as the extension is installed. */
export async function createMenus(): Promise<void> {
  const api = menus();
  if (!api) return;
  await api.removeAll();
  api.create({ id: MENU_NOTE, title: 'Add selection to notes', contexts: ['selection'] });
  api.create({ id: MENU_ITEM, title: 'Add selection as action item', contexts: ['selection'] });
}

function pageOf(info: Pick<MenuInfo, 'pageUrl'> | undefined, tab: TabInfo | undefined): { title: string; url: string } {
  return { title: tab?.title ?? '', url: info?.pageUrl ?? tab?.url ?? '' };
}

/** A context-menu click: opens the panel, then keeps the selection for it. */
export function onMenuClicked(info: MenuInfo, tab: TabInfo | undefined): Promise<Clip | null> {
  if (info.menuItemId !== MENU_NOTE && info.menuItemId !== MENU_ITEM) return Promise.resolve(null);
  openPanel(tab?.windowId);
  const kind = info.menuItemId === MENU_NOTE ? 'note' : 'item';
  return addClip({ kind, text: info.selectionText ?? '', ...pageOf(info, tab) });
}

/**
 * The text selected in the tab the shortcut was pressed on, or ''. The shortcut grants activeTab for
 * that tab (Chrome: "activeTab … is granted when the user invokes a command"; Firefox likewise for
 * commands), which lets scripting read it once; a page the extension may not script (the browser's
 * own pages, the web store) gives ''.
 */
async function selectionIn(tab: TabInfo | undefined): Promise<string> {
  if (tab?.id === undefined || !browser.scripting) return '';
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId: tab.id },
      func: () => globalThis.getSelection?.()?.toString() ?? '',
    });
    return typeof result?.result === 'string' ? result.result : '';
  } catch {
    return '';
  }
}

/**
 * The shortcut: opens the panel; the page it was pressed on becomes the capture's source, and text
 * selected on it goes into the notes (as the context menu's "Add selection to notes" would).
 */
export function onCommand(command: string, tab: TabInfo | undefined): Promise<Clip | null> {
  if (command !== OPEN_COMMAND) return Promise.resolve(null);
  openPanel(tab?.windowId);
  const page = pageOf(undefined, tab);
  if (!page.url) return Promise.resolve(null);
  return selectionIn(tab).then((selected) => {
    const text = selected.trim();
    return addClip(text ? { kind: 'note', text, ...page } : { kind: 'page', text: '', ...page });
  });
}

/** Registers the listeners; call synchronously when the background starts. */
export function registerPageCapture(): void {
  const report = (error: unknown) => console.error('FollowThrough: page capture', error);
  const setUp = () => void createMenus().catch(report);
  browser.runtime.onInstalled.addListener(setUp);
  browser.runtime.onStartup.addListener(setUp);
  menus()?.onClicked.addListener((info, tab) => void onMenuClicked(info, tab).catch(report));
  browser.commands?.onCommand.addListener((command, tab) => void onCommand(command, tab).catch(report));
}
