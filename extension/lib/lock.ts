// Read-modify-write of one storage key from several extension contexts (panel, options, background)
// must not interleave. The Web Locks API is shared by all pages and workers of the extension's origin;
// where it is missing (unit tests on Node 20) an in-process queue gives the same guarantee in one context.

const queues = new Map<string, Promise<unknown>>();

function inProcess<T>(name: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(name) ?? Promise.resolve();
  const run = previous.then(task, task);
  const settled = run.catch(() => undefined);
  queues.set(name, settled);
  void settled.then(() => {
    if (queues.get(name) === settled) queues.delete(name);
  });
  return run;
}

export async function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return await locks.request(name, task);
  return await inProcess(name, task);
}
