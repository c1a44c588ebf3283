import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The browser extension: WXT builds extension/ for Chrome/Edge (MV3 side panel) and Firefox (sidebar).
export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: 'FollowThrough',
    description: 'Coaching notes and action items, kept between sessions, delivered to your program’s sheet.',
    // No host permissions: the web app answers CORS simple requests (text/plain POST), so capture
    // needs none; call sites will be optional host permissions asked for when turned on. activeTab lets
    // a context-menu click or the shortcut see that one tab's title and URL (the capture's source).
    permissions: ['storage', 'alarms', 'contextMenus', 'activeTab', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    action: { default_title: 'Open FollowThrough' },
    commands: {
      'open-panel': {
        suggested_key: { default: 'Alt+Shift+F' },
        description: 'Open the FollowThrough panel (the page becomes the capture’s source)',
      },
    },
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'followthrough@example.org' } } } : {}),
  }),
});
