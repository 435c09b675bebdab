/**
 * How many addresses a sweep probes at once, narrowed when hosts answer too late, and how soon a
 * silent address may be called empty. Each on-link address costs a broadcast ARP request (three, a
 * second apart, when unanswered), and the kernel drops a reply that comes after its third request
 * (the entry is FAILED by then; late replies are not accepted). A segment or host that cannot keep
 * up with the requests answers later and later, and then not at all: hosts were lost in a
 * contiguous tail of the sweep (measured on a 1,000-host lab segment: 252 found at 256 addresses in
 * flight, every ARP entry after that FAILED, the table far from full). An answer slower than the
 * kernel's second retry (only its last request was left) or a host that answered only after it was
 * called empty is one step from loss: the window halves, as TCP does on loss, and grows back slowly.
 * An answer between the first and the second retry is slow, not lost: it holds the window and only
 * delays the early give-up to the kernel's third request. (Halving on those too collapsed the window
 * of a sparse /16 whose loaded lab answered 0.6-1.4 s late: 41 addresses/s instead of 150.)
 */

/** The kernel's ARP retry interval (retrans_time, 1 s by default): an answer slower than this needed a repeated request. */
export const LATE_ANSWER_MS = 1_000;
/** An answer slower than the kernel's second retry: only its last request was left before the entry failed. */
export const NEAR_LOSS_MS = 2 * LATE_ANSWER_MS;
/** The narrowest window: enough to keep a sweep moving over silent addresses that each take a connect timeout. */
export const MIN_ADDRESS_WINDOW = 8;
/**
 * Answers in a row within a bound, after one beyond it, before the early give-up trusts that bound
 * again: a load spike makes a few answers late, and a sweep of a /16 lasts minutes, so one late
 * answer must not cost the early give-up for the rest of it.
 */
export const PROMPT_STREAK = 8;

export class AddressWindow {
  private current: number;
  private late = false;
  /** Answers within LATE_ANSWER_MS since the last one beyond it (or a loss). */
  private promptStreak = 0;
  /** Answers within NEAR_LOSS_MS since the last one beyond it (or a loss). */
  private slowStreak = 0;
  private answers = 0;
  private everLate = false;
  private everNearLoss = false;

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
   * After how many of the kernel's repeated ARP requests an address still unresolved may be called
   * empty (ArpProgress), without waiting for the kernel's give-up; null: wait for it, before any
   * host answered. 1 while every answer came before the kernel's second request (or the last
   * PROMPT_STREAK did, since one did not); 2 otherwise. Never later: the kernel goes on asking for an
   * address called empty, and the engine watches it until the kernel settles it, so a host that
   * answers the last request is found all the same (and halves the window); waiting for the
   * kernel's give-up after an answer near loss cost a sparse /16 a quarter of its speed for ~40 s.
   */
  get giveUpAfterRepeats(): 1 | 2 | null {
    if (this.promptStreak >= (this.everLate ? PROMPT_STREAK : 1)) return 1;
    return this.answers > 0 ? 2 : null;
  }

  /** Whether any answer of this sweep came after the kernel repeated its request, or was lost: never taken back. */
  get lateSeen(): boolean {
    return this.everLate;
  }

  /** Whether an answer came late (after the kernel repeated its request) or was lost, since the last takeLateSign(). */
  takeLateSign(): boolean {
    const late = this.late;
    this.late = false;
    return late;
  }

  /** An address that gave nothing before answered when asked again, or after it was called empty. */
  lost(): void {
    this.nearLoss();
  }

  /** Halves the window, down to its floor. */
  narrow(): void {
    this.current = Math.max(this.min, this.current / 2);
  }

  /**
   * A host answered after `answerMs`. Every answer near loss halves the window: when requests queue
   * up, the answers still coming are the few early enough, and the many later ones are lost without
   * a trace (no answer, no signal), so the few must count for them.
   */
  answered(answerMs: number): void {
    this.answers += 1;
    if (answerMs > NEAR_LOSS_MS) {
      this.nearLoss();
      return;
    }
    this.slowStreak += 1;
    if (answerMs > LATE_ANSWER_MS) {
      this.late = true;
      this.everLate = true;
      this.promptStreak = 0;
      return;
    }
    this.promptStreak += 1;
    this.grow();
  }

  /**
   * An address showed empty. On a sparse segment answers are few (one address in a hundred), so
   * growing on answers alone would leave a window halved by one load spike halved for the rest of
   * a long sweep; while answers come before the kernel's last request, an empty address grows it as
   * an answer does. After one near loss it does not: an answer lost there looks like an empty address.
   */
  empty(): void {
    if (this.slowStreak >= (this.everNearLoss ? PROMPT_STREAK : 1)) this.grow();
  }

  /** About one more address per window's worth of addresses. */
  private grow(): void {
    this.current = Math.min(this.max, this.current + 1 / this.current);
  }

  private nearLoss(): void {
    this.late = true;
    this.everLate = true;
    this.everNearLoss = true;
    this.promptStreak = 0;
    this.slowStreak = 0;
    this.narrow();
  }
}
