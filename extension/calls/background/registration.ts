// Turning call sites on and off: the optional host permission, the content script registered at
// runtime (scripting.registerContentScripts, top frames only: one call per tab), and the setting. Nothing runs on a call site until the
// coach turns it on; turning it off unregisters the script and gives the permission back.
import { browser } from 'wxt/browser';
import { callSitesItem, type CallSiteSetting } from '../../lib/storage';
import type { CallSource } from '../protocol';
import { CALL_SITES, scriptId, siteOf, type CallSite } from '../sites';

/**
 * Asks for the site's host permission. Call it first thing in a click handler (the browser only
 * shows the prompt inside a user gesture: no await before this call).
 */
export function requestSite(id: CallSource): Promise<boolean> {
  return browser.permissions.request({ origins: siteOf(id).origins });
}

export function hasPermission(site: CallSite): Promise<boolean> {
  return browser.permissions.contains({ origins: site.origins });
}

async function isRegistered(site: CallSite): Promise<boolean> {
  const scripts = await browser.scripting.getRegisteredContentScripts({ ids: [scriptId(site.id)] });
  return scripts.length > 0;
}

/** Registers the site's content script (once) and runs it in the site's tabs already open. */
export async function registerSite(site: CallSite): Promise<void> {
  if (!(await isRegistered(site))) {
    await browser.scripting.registerContentScripts([
      { id: scriptId(site.id), matches: site.matches, js: [site.script], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
  }
  // A call already open in a tab is seen at once (the script guards against running twice).
  const tabs = await browser.tabs.query({ url: site.matches }).catch(() => []);
  for (const tab of tabs) {
    if (tab.id !== undefined)
      await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [site.script] }).catch(() => undefined);
  }
}

export async function unregisterSite(site: CallSite): Promise<void> {
  if (await isRegistered(site)) await browser.scripting.unregisterContentScripts({ ids: [scriptId(site.id)] });
}

async function setSetting(id: CallSource, change: Partial<CallSiteSetting>): Promise<void> {
  const all = await callSitesItem.getValue();
  const current = all[id] ?? { on: false, captions: false };
  await callSitesItem.setValue({ ...all, [id]: { ...current, ...change } });
}

/** After the permission was granted: registers the script and keeps the setting. */
export async function turnOn(id: CallSource): Promise<void> {
  const site = siteOf(id);
  if (!(await hasPermission(site))) throw new Error(`The browser did not allow FollowThrough on ${site.label}.`);
  await registerSite(site);
  await setSetting(id, { on: true });
}

/** Unregisters the script, gives the permission back, and turns caption quotes off with it. */
export async function turnOff(id: CallSource): Promise<void> {
  const site = siteOf(id);
  await unregisterSite(site);
  await browser.permissions.remove({ origins: site.origins });
  await setSetting(id, { on: false, captions: false });
}

export function setCaptions(id: CallSource, captions: boolean): Promise<void> {
  return setSetting(id, { captions });
}

/**
 * Makes the registrations agree with the settings and the permissions (browser start, install,
 * a permission removed in the browser's settings): registered scripts may or may not have persisted.
 */
export async function restoreRegistrations(): Promise<void> {
  const settings = await callSitesItem.getValue();
  for (const site of CALL_SITES) {
    const granted = await hasPermission(site);
    if (granted && settings[site.id]?.on) {
      if (!(await isRegistered(site))) {
        await browser.scripting.registerContentScripts([
          { id: scriptId(site.id), matches: site.matches, js: [site.script], runAt: 'document_idle', persistAcrossSessions: true },
        ]);
      }
    } else {
      await unregisterSite(site);
      if (settings[site.id]?.on) await setSetting(site.id, { on: false, captions: false });
    }
  }
}

/** Registers the listeners; call synchronously when the background starts. */
export function registerCallSites(): void {
  const restore = () => void restoreRegistrations().catch((error: unknown) => console.error('FollowThrough: call sites', error));
  browser.runtime.onStartup.addListener(restore);
  browser.runtime.onInstalled.addListener(restore);
  browser.permissions.onRemoved.addListener(restore);
}
