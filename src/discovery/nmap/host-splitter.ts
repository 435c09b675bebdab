/**
 * Cuts nmap's XML stream into `<host>…</host>` elements as they arrive, so each host is parsed and
 * reported while nmap is still scanning, and the document as a whole is never held in memory.
 */
export interface HostSplitterEvents {
  readonly onHost: (xml: string) => void;
  /** A host element longer than the bound was skipped. */
  readonly onOversize?: (chars: number) => void;
}

/** Far beyond any real host (a -sV host with 1,000 open ports is ~300 kB), small enough to hold. */
export const MAX_HOST_CHARS = 4 * 1024 * 1024;

// `<host ` or `<host>`, never `<hosthint>`, `<hostnames>` or `<hosts …/>`.
const HOST_START = /<host[\s>]/;
const HOST_END = '</host>';

export class HostSplitter {
  private buffer = '';
  private inHost = false;
  /** Inside an oversize host: everything up to its end is dropped. */
  private skipping = false;
  private skipped = 0;
  /** Where to resume looking for HOST_END, so a long host is not rescanned on every chunk. */
  private searchFrom = 0;

  constructor(
    private readonly events: HostSplitterEvents,
    private readonly maxHostChars = MAX_HOST_CHARS,
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      if (this.inHost) {
        const end = this.buffer.indexOf(HOST_END, this.searchFrom);
        if (end === -1) {
          this.searchFrom = Math.max(0, this.buffer.length - HOST_END.length);
          if (this.buffer.length > this.maxHostChars) this.startSkipping();
          return;
        }
        const stop = end + HOST_END.length;
        const element = this.buffer.slice(0, stop);
        this.buffer = this.buffer.slice(stop);
        this.inHost = false;
        this.searchFrom = 0;
        if (this.skipping) this.finishSkipping(element.length);
        else this.events.onHost(element);
        continue;
      }
      const start = HOST_START.exec(this.buffer);
      if (start === null) {
        // Keep only a tag that may still be arriving; the rest is done with.
        const lastTag = this.buffer.lastIndexOf('<');
        const complete = lastTag === -1 || this.buffer.includes('>', lastTag) || this.buffer.length - lastTag > this.maxHostChars;
        const keepFrom = complete ? this.buffer.length : lastTag;
        this.buffer = this.buffer.slice(keepFrom);
        return;
      }
      this.buffer = this.buffer.slice(start.index);
      this.inHost = true;
    }
  }

  private startSkipping(): void {
    this.skipping = true;
    this.skipped += this.buffer.length - HOST_END.length;
    this.buffer = this.buffer.slice(-HOST_END.length);
    this.searchFrom = 0;
  }

  private finishSkipping(tail: number): void {
    this.events.onOversize?.(this.skipped + tail);
    this.skipping = false;
    this.skipped = 0;
  }
}
