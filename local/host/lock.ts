// LockService, host side: real locks shared by every execution the host runs at once. An execution
// that waits is answered when the lock is granted or its timeout passes; locks are released when the
// execution ends, as in Apps Script.
export class LockHost {
  private readonly holders = new Map<string, string>();
  private readonly queues = new Map<string, Array<{ execId: string; grant: (ok: boolean) => void; timer: NodeJS.Timeout }>>();

  /** Takes the lock if free (or already held by this execution). */
  tryNow(name: string, execId: string): boolean {
    const holder = this.holders.get(name);
    if (holder === undefined || holder === execId) {
      this.holders.set(name, execId);
      return true;
    }
    return false;
  }

  /** Waits up to timeoutMs for the lock; resolves true when granted. */
  acquire(name: string, execId: string, timeoutMs: number): boolean | Promise<boolean> {
    if (this.tryNow(name, execId)) return true;
    if (timeoutMs <= 0) return false;
    return new Promise((resolve) => {
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      const entry = {
        execId,
        grant: resolve,
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(entry), 1);
          resolve(false);
        }, timeoutMs),
      };
      queue.push(entry);
    });
  }

  /** Executions holding or waiting for the lock (what tests wait on, instead of sleeping). */
  state(name: string): { held: boolean; waiting: number } {
    return { held: this.holders.has(name), waiting: this.queues.get(name)?.length ?? 0 };
  }

  hasLock(name: string, execId: string): boolean {
    return this.holders.get(name) === execId;
  }

  release(name: string, execId: string): void {
    if (this.holders.get(name) !== execId) return;
    this.holders.delete(name);
    const next = this.queues.get(name)?.shift();
    if (next) {
      clearTimeout(next.timer);
      this.holders.set(name, next.execId);
      next.grant(true);
    }
  }

  /** Everything an execution held or waited for, when it ends. */
  releaseAll(execId: string): void {
    for (const [name, holder] of [...this.holders]) if (holder === execId) this.release(name, execId);
    for (const queue of this.queues.values()) {
      for (const entry of queue.filter((e) => e.execId === execId)) {
        clearTimeout(entry.timer);
        queue.splice(queue.indexOf(entry), 1);
        entry.grant(false);
      }
    }
  }
}
