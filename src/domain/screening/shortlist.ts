/**
 * The `size` best-scored ids of many offered, kept in a min-heap: the weakest of the best is at
 * the root, so most offers cost one comparison and no allocation.
 */
export class Shortlist {
  readonly #scores: Float64Array;
  readonly #ids: Int32Array;
  #count = 0;

  constructor(readonly size: number) {
    this.#scores = new Float64Array(size);
    this.#ids = new Int32Array(size);
  }

  /** Forgets every offer, to be used again. */
  clear(): void {
    this.#count = 0;
  }

  offer(id: number, score: number): void {
    if (this.size === 0) return;
    if (this.#count < this.size) {
      this.#siftUp(this.#count++, id, score);
    } else if (score > (this.#scores[0] as number)) {
      this.#siftDown(id, score);
    }
  }

  /** The ids kept, best first. */
  ids(): number[] {
    const kept = Array.from({ length: this.#count }, (_, i) => i);
    kept.sort((a, b) => (this.#scores[b] as number) - (this.#scores[a] as number));
    return kept.map((i) => this.#ids[i] as number);
  }

  #siftUp(at: number, id: number, score: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((this.#scores[parent] as number) <= score) break;
      this.#scores[at] = this.#scores[parent] as number;
      this.#ids[at] = this.#ids[parent] as number;
      at = parent;
    }
    this.#scores[at] = score;
    this.#ids[at] = id;
  }

  /** Replaces the root (the weakest kept) with the offer and restores the heap. */
  #siftDown(id: number, score: number): void {
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.#count) break;
      if (child + 1 < this.#count && (this.#scores[child + 1] as number) < (this.#scores[child] as number)) child++;
      if ((this.#scores[child] as number) >= score) break;
      this.#scores[at] = this.#scores[child] as number;
      this.#ids[at] = this.#ids[child] as number;
      at = child;
    }
    this.#scores[at] = score;
    this.#ids[at] = id;
  }
}
