/**
 * A queue that turns callback-driven probe results into the AsyncIterable an engine returns: probes
 * push as sockets and child processes report, the consumer pulls at its own pace.
 */
export class Channel<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private head = 0;
  private waiting: (() => void) | null = null;
  private closed = false;
  private failure: { readonly error: unknown } | null = null;

  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.wake();
  }

  /** No more items; the consumer drains what is queued and then ends. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** The producer failed; the consumer drains what is queued and then sees `error`. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.head < this.items.length) {
        const item = this.items[this.head] as T;
        this.head += 1;
        // Drop consumed items now and then so a long scan does not keep every observation alive.
        if (this.head >= 1024) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        yield item;
        continue;
      }
      if (this.closed) {
        if (this.failure !== null) throw this.failure.error;
        return;
      }
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }
}
