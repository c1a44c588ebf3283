import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { ALL_CALL_ORIGINS, CALL_SITES } from './extension/calls/sites';

const ALL_CALL_MATCHES = new Set(CALL_SITES.flatMap((s) => s.matches));
const SHIM = '\0ft-content-browser';

/**
 * The call-site content scripts stay tiny: in their build, the webextension polyfill (which WXT's
 * content-script wrapper imports) is replaced by the browser's own namespace — the scripts themselves
 * only use runtime messaging, which Chrome and Firefox both offer with promises in MV3.
 */
function contentScriptsWithoutPolyfill(): Plugin {
  let contentBuild = false;
  return {
    name: 'ft-content-scripts-without-polyfill',
    enforce: 'pre',
    options(options) {
      const input = JSON.stringify(options.input ?? '');
      contentBuild = input.includes('.content.') || input.includes('/calls/sites/');
      return null;
    },
    resolveId(id) {
      return contentBuild && id === 'webextension-polyfill' ? SHIM : null;
    },
    load(id) {
      return id === SHIM ? 'export default globalThis.browser ?? globalThis.chrome;' : null;
    },
  };
}

/**
 * Firefox: the add-on's id (the project's own name; an id never changes once the add-on is listed) and
 * what it sends out, declared for Firefox's built-in data consent (Mozilla's Extension Workshop,
 * "Firefox built-in consent for data collection and transmission": required for new extensions since
 * 3 November 2025). Everything goes only to the program's own sheet (the web app in the connection
 * code), and only what the coach saves:
 * - personallyIdentifyingInfo: clients' names and email addresses, the coach's connection;
 * - personalCommunications: session notes and action items, and call captions the coach quotes;
 * - websiteContent: text the coach selects on a page and adds (context menu, shortcut);
 * - browsingActivity: the title and address of the page or call a capture comes from.
 * Nothing is sent to anyone else, and nothing about how the extension is used (no
 * technicalAndInteraction data).
 */
const FIREFOX_GECKO = {
  id: 'followthrough@followthrough.app',
  data_collection_permissions: {
    required: ['personallyIdentifyingInfo', 'personalCommunications', 'websiteContent', 'browsingActivity'],
  },
};

// The browser extension: WXT builds extension/ for Chrome/Edge (MV3 side panel) and Firefox (sidebar).
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  hooks: {
    // Each call site's reader, extension/calls/sites/<id>.ts, is also its content script (a new call
    // site is that file plus its line in calls/sites.ts): built as /content-scripts/<id>.js.
    'entrypoints:found': (_wxt, infos) => {
      for (const site of CALL_SITES) {
        infos.push({
          name: site.id,
          inputPath: resolve(import.meta.dirname, 'extension', 'calls', 'sites', `${site.id}.ts`),
          type: 'content-script',
        });
      }
    },
    // WXT adds the matches of runtime-registered content scripts to host_permissions; the call sites
    // must stay optional (asked for when turned on), so they are taken out again.
    'build:manifestGenerated': (_wxt, manifest) => {
      const optional = new Set<string>(ALL_CALL_ORIGINS);
      const hosts = (manifest.host_permissions ?? []).filter((h: string) => !optional.has(h) && !ALL_CALL_MATCHES.has(h));
      if (hosts.length) manifest.host_permissions = hosts;
      else delete manifest.host_permissions;
    },
  },
  vite: () => ({
    plugins: [preact(), contentScriptsWithoutPolyfill()],
  }),
  manifest: ({ browser }) => ({
    name: 'FollowThrough',
    description: 'Coaching notes and action items, kept between sessions, delivered to your program’s sheet.',
    // No host permissions: the web app answers CORS simple requests (text/plain POST), so capture
    // needs none; call sites are optional host permissions asked for when the coach turns one on, and
    // their content scripts are registered then (scripting). activeTab lets a context-menu click or
    // the shortcut see that one tab's title and URL (the capture's source).
    permissions: ['storage', 'alarms', 'contextMenus', 'activeTab', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    optional_host_permissions: [...ALL_CALL_ORIGINS],
    action: { default_title: 'Open FollowThrough' },
    commands: {
      'open-panel': {
        suggested_key: { default: 'Alt+Shift+F' },
        description: 'Open the FollowThrough panel (the page becomes the capture’s source)',
      },
    },
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: FIREFOX_GECKO } } : {}),
  }),
});
