/**
 * Cuts nmap's XML stream into `<host>…</host>` elements as they arrive, so each host is parsed and
 * reported while nmap is still scanning, and the document as a whole is never held in memory. With
 * -v nmap also writes a `<hosthint>` for each host its host discovery found, before it port-scans
 * it: given to `onHint` when set (the live engine starts a host's probes on it), else skipped.
 */
export interface HostSplitterEvents {
  readonly onHost: (xml: string) => void;
  readonly onHint?: (xml: string) => void;
  /** A host element longer than the bound was skipped. */
  readonly onOversize?: (chars: number) => void;
}

/** Far beyond any real host (a -sV host with 1,000 open ports is ~300 kB), small enough to hold. */
export const MAX_HOST_CHARS = 4 * 1024 * 1024;

// `<host ` / `<host>` or `<hosthint ` / `<hosthint>`, never `<hostnames>` or `<hosts …/>`.
const ELEMENT_START = /<host(hint)?[\s>]/;
const HOST_END = '</host>';
const HINT_END = '</hosthint>';

export class HostSplitter {
  private buffer = '';
  /** The end tag of the element being read, or null between elements. */
  private end: string | null = null;
  /** Inside an oversize host: everything up to its end is dropped. */
  private skipping = false;
  private skipped = 0;
  /** Where to resume looking for the end tag, so a long host is not rescanned on every chunk. */
  private searchFrom = 0;

  constructor(
    private readonly events: HostSplitterEvents,
    private readonly maxHostChars = MAX_HOST_CHARS,
  ) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      if (this.end !== null) {
        const endTag = this.end;
        const end = this.buffer.indexOf(endTag, this.searchFrom);
        if (end === -1) {
          this.searchFrom = Math.max(0, this.buffer.length - endTag.length);
          if (this.buffer.length > this.maxHostChars) this.startSkipping(endTag);
          return;
        }
        const stop = end + endTag.length;
        const element = this.buffer.slice(0, stop);
        this.buffer = this.buffer.slice(stop);
        this.end = null;
        this.searchFrom = 0;
        if (this.skipping) this.finishSkipping(element.length);
        else if (endTag === HOST_END) this.events.onHost(element);
        else this.events.onHint?.(element);
        continue;
      }
      const start = ELEMENT_START.exec(this.buffer);
      if (start === null) {
        // Keep only a tag that may still be arriving; the rest is done with.
        const lastTag = this.buffer.lastIndexOf('<');
        const complete = lastTag === -1 || this.buffer.includes('>', lastTag) || this.buffer.length - lastTag > this.maxHostChars;
        const keepFrom = complete ? this.buffer.length : lastTag;
        this.buffer = this.buffer.slice(keepFrom);
        return;
      }
      this.buffer = this.buffer.slice(start.index);
      this.end = start[1] === undefined ? HOST_END : HINT_END;
    }
  }

  private startSkipping(endTag: string): void {
    this.skipping = true;
    this.skipped += this.buffer.length - endTag.length;
    this.buffer = this.buffer.slice(-endTag.length);
    this.searchFrom = 0;
  }

  private finishSkipping(tail: number): void {
    this.events.onOversize?.(this.skipped + tail);
    this.skipping = false;
    this.skipped = 0;
  }
}
