// Opening the capture panel: Chrome/Edge's side panel, Firefox's sidebar — from the toolbar button,
// the keyboard shortcut and the context menu.
import { browser } from 'wxt/browser';

interface SidebarAction {
  open(): Promise<void>;
  toggle(): Promise<void>;
}

/** Firefox's sidebarAction, which Chrome's API types do not describe. */
export function sidebarAction(): SidebarAction | undefined {
  return (browser as unknown as { sidebarAction?: SidebarAction }).sidebarAction;
}

export async function openPanelOnActionClick(): Promise<void> {
  if (browser.sidePanel) await browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
}

function report(what: string) {
  return (error: unknown) => console.error(`FollowThrough: ${what}`, error);
}

/**
 * Opens the panel in the window of `tab`. Call it first thing in a user-gesture handler (a command,
 * a context-menu click): the browsers only allow opening the panel inside the gesture, before any await.
 */
export function openPanel(windowId: number | undefined): void {
  try {
    const sidebar = sidebarAction();
    if (sidebar) {
      sidebar.open().catch(report('sidebar'));
    } else if (browser.sidePanel && windowId !== undefined && windowId >= 0) {
      browser.sidePanel.open({ windowId }).catch(report('side panel'));
    }
  } catch (error) {
    // Outside a user gesture the browser refuses at once; the clip is kept all the same.
    report('open panel')(error);
  }
}

/** Registers the listeners; call synchronously when the background starts. */
export function registerToolbarButton(): void {
  const run = () => openPanelOnActionClick().catch(report('side panel'));
  browser.runtime.onInstalled.addListener(run);
  browser.runtime.onStartup.addListener(run);
  const sidebar = sidebarAction();
  if (sidebar) {
    // Must run inside the click's user gesture: no await before toggle().
    browser.action.onClicked.addListener(() => {
      sidebar.toggle().catch(report('sidebar'));
    });
  }
}
