import { defineContentScript } from 'wxt/utils/define-content-script';
import { meetDom } from '../calls/meet-dom';
import { siteOf } from '../calls/sites';
import { watchCall } from '../calls/watch';

// Registered at runtime only, once the coach turns the site on in the options (lib/call-sites.ts).
export default defineContentScript({
  registration: 'runtime',
  matches: siteOf('meet').matches,
  main() {
    watchCall(meetDom);
  },
});
