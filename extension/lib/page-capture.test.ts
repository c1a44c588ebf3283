import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MENU_ITEM, MENU_NOTE, OPEN_COMMAND, createMenus, onCommand, onMenuClicked } from './page-capture';
import { clipsItem } from './storage';

const tab = { windowId: 3, title: 'Lesson plan — Docs', url: 'https://docs.example.org/d/1' };
type Api = Record<string, unknown>;
const fake = fakeBrowser as unknown as Api;

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  delete fake.sidebarAction;
  vi.restoreAllMocks();
});

describe('context menu (Chrome)', () => {
  it('creates the two selection items', async () => {
    const create = vi.fn();
    const removeAll = vi.fn(async () => undefined);
    fake.contextMenus = { ...(fake.contextMenus as Api), create, removeAll };
    await createMenus();
    expect(removeAll).toHaveBeenCalledOnce();
    expect(create.mock.calls.map((c) => c[0])).toEqual([
      { id: MENU_NOTE, title: 'Add selection to notes', contexts: ['selection'] },
      { id: MENU_ITEM, title: 'Add selection as action item', contexts: ['selection'] },
    ]);
  });

  it('opens the side panel in the tab’s window first, then keeps the selection with the page', async () => {
    const calls: string[] = [];
    const open = vi.fn(async () => {
      calls.push('open');
    });
    fake.sidePanel = { ...(fake.sidePanel as Api), open };
    const clip = onMenuClicked({ menuItemId: MENU_ITEM, selectionText: 'Share the video', pageUrl: tab.url }, tab);
    calls.push('returned');
    await clip;
    expect(open).toHaveBeenCalledWith({ windowId: 3 });
    // Synchronously, inside the click's user gesture.
    expect(calls[0]).toBe('open');
    expect(await clipsItem.getValue()).toEqual([
      expect.objectContaining({ kind: 'item', text: 'Share the video', title: tab.title, url: tab.url }),
    ]);
  });

  it('ignores other menu items', async () => {
    expect(await onMenuClicked({ menuItemId: 'other' }, tab)).toBeNull();
    expect(await clipsItem.getValue()).toEqual([]);
  });

  it('keeps the clip when the panel cannot be opened', async () => {
    fake.sidePanel = {
      ...(fake.sidePanel as Api),
      open: () => {
        throw new Error('`sidePanel.open()` may only be called in response to a user gesture.');
      },
    };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await onMenuClicked({ menuItemId: MENU_NOTE, selectionText: 'Quote', pageUrl: tab.url }, tab);
    expect(await clipsItem.getValue()).toHaveLength(1);
  });
});

describe('Firefox sidebar', () => {
  it('opens the sidebar (not the side panel) from the context menu and the shortcut', async () => {
    const sidebar = { open: vi.fn(async () => undefined), toggle: vi.fn(async () => undefined) };
    fake.sidebarAction = sidebar;
    const sidePanelOpen = vi.fn();
    fake.sidePanel = { ...(fake.sidePanel as Api), open: sidePanelOpen };
    await onMenuClicked({ menuItemId: MENU_NOTE, selectionText: 'A quote', pageUrl: tab.url }, tab);
    await onCommand(OPEN_COMMAND, tab);
    expect(sidebar.open).toHaveBeenCalledTimes(2);
    expect(sidePanelOpen).not.toHaveBeenCalled();
    expect((await clipsItem.getValue()).map((c) => c.kind)).toEqual(['note', 'page']);
  });

  it('toggles the sidebar from the toolbar button', async () => {
    const sidebar = { open: vi.fn(async () => undefined), toggle: vi.fn(async () => undefined) };
    fake.sidebarAction = sidebar;
    const { registerToolbarButton } = await import('./toolbar');
    registerToolbarButton();
    await fakeBrowser.action.onClicked.trigger({
      id: 1,
      index: 0,
      highlighted: true,
      active: true,
      pinned: false,
      incognito: false,
      windowId: 1,
    } as never);
    expect(sidebar.toggle).toHaveBeenCalledOnce();
  });
});

describe('shortcut', () => {
  it('takes the selected text of the tab into the notes, read once through activeTab', async () => {
    fake.sidePanel = { ...(fake.sidePanel as Api), open: vi.fn(async () => undefined) };
    const executeScript = vi.fn(async () => [{ frameId: 0, result: '  Transitions take 6 minutes  ' }]);
    fake.scripting = { ...(fake.scripting as Api), executeScript };
    await onCommand(OPEN_COMMAND, { ...tab, id: 42 });
    expect(executeScript).toHaveBeenCalledWith(expect.objectContaining({ target: { tabId: 42 } }));
    expect(await clipsItem.getValue()).toEqual([
      expect.objectContaining({ kind: 'note', text: 'Transitions take 6 minutes', title: tab.title, url: tab.url }),
    ]);
  });

  it('keeps only the page when nothing is selected or the page cannot be read', async () => {
    fake.sidePanel = { ...(fake.sidePanel as Api), open: vi.fn(async () => undefined) };
    fake.scripting = { ...(fake.scripting as Api), executeScript: vi.fn(async () => [{ frameId: 0, result: '' }]) };
    await onCommand(OPEN_COMMAND, { ...tab, id: 42 });
    fake.scripting = {
      ...(fake.scripting as Api),
      executeScript: vi.fn(async () => {
        throw new Error('Cannot access contents of the page.');
      }),
    };
    await onCommand(OPEN_COMMAND, { ...tab, id: 43 });
    expect((await clipsItem.getValue()).map((c) => c.kind)).toEqual(['page', 'page']);
  });

  it('keeps the page as the source, and nothing for a page without URL', async () => {
    fake.sidePanel = { ...(fake.sidePanel as Api), open: vi.fn(async () => undefined) };
    await onCommand(OPEN_COMMAND, tab);
    await onCommand(OPEN_COMMAND, { windowId: 3 });
    expect(await onCommand('something-else', tab)).toBeNull();
    expect(await clipsItem.getValue()).toEqual([expect.objectContaining({ kind: 'page', text: '', title: tab.title, url: tab.url })]);
  });
});
