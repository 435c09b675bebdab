/**
 * How many addresses a sweep probes at once, narrowed when hosts answer late. Each on-link address
 * costs a broadcast ARP request (three, a second apart, when unanswered), and the kernel drops a
 * reply that comes after its third request (the entry is FAILED by then; late replies are not
 * accepted). A segment or host that cannot keep up with the requests answers later and later, and
 * then not at all: hosts were lost in a contiguous tail of the sweep (measured on a 1,000-host lab
 * segment: 252 found at 256 addresses in flight, every ARP entry after that FAILED, the table far
 * from full). An answer that took longer than the kernel's retry interval means the first request
 * already went unanswered, so the window halves, as TCP does on loss, and grows back slowly.
 */

/** The kernel's ARP retry interval (retrans_time, 1 s by default): an answer slower than this needed a repeated request. */
export const LATE_ANSWER_MS = 1_000;
/** The narrowest window: enough to keep a sweep moving over silent addresses that each take a connect timeout. */
export const MIN_ADDRESS_WINDOW = 8;

export class AddressWindow {
  private current: number;
  private late = false;
  private promptAnswers = 0;
  /** Whether any answer of this sweep came late or was lost: unlike `late`, never taken back. */
  private everLate = false;

  constructor(
    private readonly max: number,
    private readonly min = Math.min(MIN_ADDRESS_WINDOW, max),
  ) {
    this.current = max;
  }

  /** Addresses that may be in flight now. */
  get size(): number {
    return Math.max(1, Math.floor(this.current));
  }

  /**
   * Whether the segment keeps up: hosts answered, and every answer so far came before the kernel's
   * second ARP request. Only then may an address still unresolved after that request be called
   * empty without waiting for the kernel's last one (ArpProgress).
   */
  get prompt(): boolean {
    return this.promptAnswers > 0 && !this.everLate;
  }

  /** Whether an answer came late since the last takeLateSign(). */
  takeLateSign(): boolean {
    const late = this.late;
    this.late = false;
    return late;
  }

  /** An address that gave nothing before answered when asked again: its first answer was lost. */
  lost(): void {
    this.late = true;
    this.everLate = true;
    this.narrow();
  }

  /** Halves the window, down to its floor. */
  narrow(): void {
    this.current = Math.max(this.min, this.current / 2);
  }

  /**
   * A host answered after `answerMs`. Every late answer halves the window: when requests queue up,
   * the answers still coming are the few early enough, and the many later ones are lost without a
   * trace (no answer, no signal), so the few must count for them.
   */
  answered(answerMs: number): void {
    if (answerMs > LATE_ANSWER_MS) {
      this.late = true;
      this.everLate = true;
      this.narrow();
      return;
    }
    this.promptAnswers += 1;
    // About one more address per window's worth of prompt answers.
    this.current = Math.min(this.max, this.current + 1 / this.current);
  }
}
