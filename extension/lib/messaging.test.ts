import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onMessages, sendMessage } from './messaging';

beforeEach(() => fakeBrowser.reset());

describe('messaging', () => {
  it('answers a message through its registered handler', async () => {
    onMessages({ flushOutbox: async () => ({ waiting: 2, failed: 1, nextAttemptAt: 5 }) });
    await expect(sendMessage('flushOutbox')).resolves.toEqual({ waiting: 2, failed: 1, nextAttemptAt: 5 });
  });

  it('passes a handler failure back to the sender', async () => {
    onMessages({
      flushOutbox: () => {
        throw new Error('storage is gone');
      },
    });
    await expect(sendMessage('flushOutbox')).rejects.toThrow('storage is gone');
  });
});
