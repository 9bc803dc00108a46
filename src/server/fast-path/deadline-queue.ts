/**
 * @module Many deadlines on one timer. Every callback races its handler against a deadline of seconds
 * that almost always settles first; a Node timer per push (created, then cleared a few milliseconds
 * later) is the costly way to do that. Deadlines sit in a list ordered by due time, with one timer
 * armed for the earliest.
 */

/** One pending deadline; hand it back to `cancel` when the race is won. */
export interface Deadline {
  readonly due: number;
  /** undefined once fired or cancelled. */
  fire: (() => void) | undefined;
  prev: Deadline | undefined;
  next: Deadline | undefined;
}

export class DeadlineQueue {
  private head: Deadline | undefined;
  private tail: Deadline | undefined;
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Due time the timer is armed for; Infinity when none is. */
  private armedFor = Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Calls `fire` once `ms` have passed (at once for ms ≤ 0), unless `cancel` comes first. */
  add(ms: number, fire: () => void): Deadline {
    const deadline: Deadline = { due: this.now() + Math.max(0, ms), fire, prev: undefined, next: undefined };
    // Deadlines mostly arrive in due order, so the walk back from the tail is usually one step.
    let before = this.tail;
    while (before !== undefined && before.due > deadline.due) before = before.prev;
    deadline.prev = before;
    deadline.next = before === undefined ? this.head : before.next;
    if (deadline.next === undefined) this.tail = deadline;
    else deadline.next.prev = deadline;
    if (before === undefined) this.head = deadline;
    else before.next = deadline;
    this.count += 1;
    if (deadline.due < this.armedFor) this.arm(deadline.due);
    else if (this.count === 1) this.timer?.ref();
    return deadline;
  }

  /** Forgets `deadline`; a no-op once it fired or was cancelled. */
  cancel(deadline: Deadline): void {
    if (deadline.fire === undefined) return;
    deadline.fire = undefined;
    this.unlink(deadline);
    // The armed timer stays (clearing and re-arming it for every push would cost what this saves);
    // when it fires early for a deadline since cancelled, it re-arms for the new head. With nothing
    // left to wait for it no longer holds the process open.
    if (this.count === 0) this.timer?.unref();
  }

  /** Deadlines still pending. */
  size(): number {
    return this.count;
  }

  private unlink(deadline: Deadline): void {
    const { prev, next } = deadline;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (next === undefined) this.tail = prev;
    else next.prev = prev;
    deadline.prev = undefined;
    deadline.next = undefined;
    this.count -= 1;
  }

  private arm(due: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = due;
    this.timer = setTimeout(() => this.expire(), Math.max(0, due - this.now()));
  }

  private expire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = this.now();
    try {
      while (this.head !== undefined && this.head.due <= now) {
        const deadline = this.head;
        const fire = deadline.fire as () => void;
        deadline.fire = undefined;
        this.unlink(deadline);
        fire();
      }
    } finally {
      // Re-armed even when a fire() threw; one may also have added an earlier deadline and armed already.
      if (this.head !== undefined && this.head.due < this.armedFor) this.arm(this.head.due);
    }
  }
}
