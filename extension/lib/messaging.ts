// A small typed RPC between extension pages and the background over runtime messages.
// The protocol map names each message, its argument and its answer; handlers are registered once.
import { browser, type Browser } from 'wxt/browser';
import type { CallReport, CaptionLine, ReportAnswer } from '../calls/report';
import type { OutboxSummary } from './outbox';

export interface Protocol {
  /** Deliver waiting captures now; answers with the outbox's state once the pass is done. */
  flushOutbox: () => OutboxSummary;
  /** From a call site's content script: the call as the page shows it now (the sender's tab is the key). */
  callReport: (report: CallReport) => ReportAnswer;
  /** From the panel: the caption lines the call's content script holds in memory (last two minutes). */
  callQuotes: (arg: { tabId: number }) => CaptionLine[];
}

export type MessageName = keyof Protocol;
type Arg<K extends MessageName> = Parameters<Protocol[K]> extends [infer A] ? A : undefined;
type Answer<K extends MessageName> = ReturnType<Protocol[K]>;
/** Who sent a message: a content script's tab, or an extension page (no tab). */
export type Sender = Pick<Browser.runtime.MessageSender, 'tab' | 'id' | 'url'>;
export type Handlers = { [K in MessageName]: (arg: Arg<K>, sender: Sender) => Answer<K> | Promise<Answer<K>> };

interface Envelope {
  ft: 1;
  name: MessageName;
  arg: unknown;
}
type Reply = { ok: true; value: unknown } | { ok: false; message: string };

function isEnvelope(message: unknown): message is Envelope {
  return typeof message === 'object' && message !== null && (message as Partial<Envelope>).ft === 1;
}

export async function sendMessage<K extends MessageName>(
  name: K,
  ...arg: Arg<K> extends undefined ? [] : [Arg<K>]
): Promise<Answer<K>> {
  const envelope: Envelope = { ft: 1, name, arg: arg[0] };
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
    const handler = handlers[message.name] as (arg: unknown, sender: Sender) => unknown;
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
