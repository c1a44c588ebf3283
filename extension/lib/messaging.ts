// A small typed RPC between extension pages and the background over runtime messages.
// The protocol map names each message, its argument and its answer; handlers are registered once.
import { browser, type Browser } from 'wxt/browser';
import { isEnvelope, type CallMessages, type Envelope, type Reply } from '../calls/protocol';
import type { OutboxSummary } from './outbox';
import type { Draft } from './storage';

/** Every message, its argument and its answer. Each feature adds its own (call awareness: CallMessages). */
export interface Protocol extends CallMessages {
  /** Deliver waiting captures now; answers with the outbox's state once the pass is done. */
  flushOutbox: () => OutboxSummary;
  /**
   * From a panel being hidden or closed: keep this draft (written by the background, so the write
   * completes even though the page is gone a moment later).
   */
  keepDraft: (draft: Draft) => void;
}

export type MessageName = keyof Protocol;
type Arg<K extends MessageName> = Parameters<Protocol[K]> extends [infer A] ? A : undefined;
type Answer<K extends MessageName> = ReturnType<Protocol[K]>;
/** Who sent a message: a content script's tab, or an extension page (no tab). */
export type Sender = Pick<Browser.runtime.MessageSender, 'tab' | 'id' | 'url'>;
export type Handlers = { [K in MessageName]: (arg: Arg<K>, sender: Sender) => Answer<K> | Promise<Answer<K>> };

export async function sendMessage<K extends MessageName>(name: K, ...arg: Arg<K> extends undefined ? [] : [Arg<K>]): Promise<Answer<K>> {
  const envelope: Envelope<MessageName> = { ft: 1, name, arg: arg[0] };
  const reply = (await browser.runtime.sendMessage(envelope)) as Reply | undefined;
  if (!reply) throw new Error(`No answer to ${name}.`);
  if (!reply.ok) throw new Error(reply.message);
  return reply.value as Answer<K>;
}

/**
 * Registers handlers of some messages (each feature registers its own); messages without a handler
 * here are left to other listeners.
 */
export function onMessages(handlers: Partial<Handlers>): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender, sendResponse: (reply: Reply) => void) => {
    if (!isEnvelope(message) || !Object.prototype.hasOwnProperty.call(handlers, message.name)) return undefined;
    const handler = handlers[message.name as MessageName] as (arg: unknown, sender: Sender) => unknown;
    Promise.resolve()
      .then(() => handler(message.arg, sender))
      .then(
        (value) => sendResponse({ ok: true, value }),
        (error: unknown) => sendResponse({ ok: false, message: error instanceof Error ? error.message : String(error) }),
      );
    // Answer asynchronously through sendResponse: understood by Chrome, Firefox, the polyfill and the fake browser.
    return true;
  });
}
