import { defineContentScript } from 'wxt/utils/define-content-script';
import { zoomDom } from '../calls/zoom-dom';
import { siteOf } from '../calls/sites';
import { watchCall } from '../calls/watch';

// Registered at runtime only, once the coach turns the site on in the options (lib/call-sites.ts).
export default defineContentScript({
  registration: 'runtime',
  matches: siteOf('zoom').matches,
  main() {
    watchCall(zoomDom);
  },
});
