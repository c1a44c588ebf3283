// The extension asks for the fewest permissions: nothing on any site at install; call sites only as
// optional host permissions, asked for when the coach turns a site on; capture works with activeTab.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const OUTPUT = join(import.meta.dirname, '..', '..', '.output');
const ALLOWED = ['storage', 'alarms', 'sidePanel', 'contextMenus', 'activeTab', 'scripting'];
const CALL_SITES = [
  'https://meet.google.com/*',
  'https://app.zoom.us/*',
  'https://*.zoom.us/*',
  'https://teams.microsoft.com/*',
  'https://teams.live.com/*',
  'https://teams.cloud.microsoft/*',
];

function manifest(target: string): Record<string, unknown> {
  const file = join(OUTPUT, target, 'manifest.json');
  if (!existsSync(file)) throw new Error(`Build the extension first: ${file} is missing.`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe.each(['chrome-mv3', 'firefox-mv3'])('%s manifest', (target) => {
  it('requests no host permission at install and only the permissions capture needs', () => {
    const m = manifest(target);
    expect(m.host_permissions ?? []).toEqual([]);
    for (const permission of (m.permissions as string[]) ?? []) expect(ALLOWED).toContain(permission);
    expect(JSON.stringify(m.permissions ?? [])).not.toMatch(/tabs"|<all_urls>|webRequest|history|cookies/);
  });

  it("offers Alt+Shift+F to open the panel with the page (and its selection) as the capture's source", () => {
    const commands = manifest(target).commands as Record<string, { suggested_key?: { default?: string } }>;
    expect(commands['open-panel']?.suggested_key?.default).toBe('Alt+Shift+F');
  });

  it('declares call sites only as optional host permissions, and no content script that runs at install', () => {
    const m = manifest(target);
    for (const origin of (m.optional_host_permissions as string[]) ?? []) expect(CALL_SITES).toContain(origin);
    expect(m.content_scripts ?? []).toEqual([]);
  });
});
