import { defineBackground } from 'wxt/utils/define-background';
import { registerCallAwareness } from '../calls/background';
import { registerDraftKeeper } from '../lib/drafts';
import { registerOutbox } from '../lib/outbox-runner';
import { registerPageCapture } from '../lib/page-capture';
import { registerSyncRefresh } from '../lib/sync-runner';
import { registerToolbarButton } from '../lib/toolbar';

export default defineBackground(() => {
  registerToolbarButton();
  registerPageCapture();
  registerOutbox();
  registerDraftKeeper();
  registerSyncRefresh();
  registerCallAwareness();
});
