// How a running execution reaches the host (the process that owns the workbook). In the same thread the
// channel is a direct call; in a worker thread it is a synchronous RPC: the worker posts the request,
// blocks on an Atomics.wait, and takes the answer with receiveMessageOnPort — so the bundle sees
// synchronous Apps Script services while the host serves many executions at once.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/** A value as the script wrote it, made transferable: text is tagged so the host can parse it. */
export type WireValue = null | number | boolean | { s: string } | { d: number };

export interface Channel {
  call(service: string, method: string, args: unknown[]): unknown;
}

export interface RpcRequest {
  id: number;
  service: string;
  method: string;
  args: unknown[];
}
export type RpcReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string } };

/** A host error re-thrown in the execution keeps Apps Script's message. */
export class HostError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Worker side: blocks until the host answers. `signal` is an Int32Array over a SharedArrayBuffer. */
export function workerChannel(port: MessagePort, signal: Int32Array): Channel {
  let seq = 0;
  return {
    call(service, method, args) {
      const id = ++seq;
      Atomics.store(signal, 0, 0);
      port.postMessage({ id, service, method, args } satisfies RpcRequest);
      for (;;) {
        Atomics.wait(signal, 0, 0);
        const received = receiveMessageOnPort(port);
        if (!received) continue;
        Atomics.store(signal, 0, 0);
        const reply = received.message as RpcReply;
        if (reply.id !== id) continue;
        if (reply.ok) return reply.value;
        throw new HostError(reply.error.name, reply.error.message);
      }
    },
  };
}

/** Host side of one worker's channel: answers each request, then wakes the worker. */
export function serveChannel(port: MessagePort, signal: Int32Array, handle: (request: RpcRequest) => unknown): void {
  port.on('message', (request: RpcRequest) => {
    const reply = (r: RpcReply) => {
      port.postMessage(r);
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
    };
    try {
      const value = handle(request);
      if (value instanceof Promise) {
        value.then(
          (v) => reply({ id: request.id, ok: true, value: v }),
          (e: unknown) => reply({ id: request.id, ok: false, error: errorOf(e) }),
        );
      } else {
        reply({ id: request.id, ok: true, value });
      }
    } catch (e) {
      reply({ id: request.id, ok: false, error: errorOf(e) });
    }
  });
}

function errorOf(e: unknown): { name: string; message: string } {
  return e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
}
