// The toolbar button opens the capture panel: Chrome/Edge's side panel, Firefox's sidebar.
import { browser } from 'wxt/browser';

interface SidebarAction {
  toggle(): Promise<void>;
}

/** Firefox's sidebarAction, which Chrome's API types do not describe. */
function sidebarAction(): SidebarAction | undefined {
  return (browser as unknown as { sidebarAction?: SidebarAction }).sidebarAction;
}

export async function openPanelOnActionClick(): Promise<void> {
  if (browser.sidePanel) await browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
}

/** Registers the listeners; call synchronously when the background starts. */
export function registerToolbarButton(): void {
  const run = () => openPanelOnActionClick().catch((error: unknown) => console.error('FollowThrough: side panel', error));
  browser.runtime.onInstalled.addListener(run);
  browser.runtime.onStartup.addListener(run);
  const sidebar = sidebarAction();
  if (sidebar) {
    // Must run inside the click's user gesture: no await before toggle().
    browser.action.onClicked.addListener(() => {
      sidebar.toggle().catch((error: unknown) => console.error('FollowThrough: sidebar', error));
    });
  }
}
