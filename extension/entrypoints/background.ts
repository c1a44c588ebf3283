import { defineBackground } from 'wxt/utils/define-background';
import { registerCallSites } from '../lib/call-sites';
import { registerCalls } from '../lib/calls';
import { registerOutbox } from '../lib/outbox-runner';
import { registerPageCapture } from '../lib/page-capture';
import { registerSyncRefresh } from '../lib/sync-runner';
import { registerToolbarButton } from '../lib/toolbar';

export default defineBackground(() => {
  registerToolbarButton();
  registerPageCapture();
  registerOutbox();
  registerSyncRefresh();
  registerCallSites();
  registerCalls();
});
