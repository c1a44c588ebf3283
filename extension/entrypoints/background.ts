import { defineBackground } from 'wxt/utils/define-background';
import { registerOutbox } from '../lib/outbox-runner';
import { registerToolbarButton } from '../lib/toolbar';

export default defineBackground(() => {
  registerToolbarButton();
  registerOutbox();
});
