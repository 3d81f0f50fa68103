/** Whether a freed team may still take a waiting call now (the engine's CESSA §30 reach rule). */
export interface Reach {
  inTime(id: number, u: number, t: number): boolean;
}

/**
 * Calls waiting for a team, first come first served. A team may serve only the calls whose
 * candidate list (the teams fit for the call's plan and county) holds it, so the calls wait in
 * one line per candidate list and a freed team looks only at its own few lines, not at every
 * call waiting in the scenario. Each call carries the order it joined in, and a team takes the
 * earliest one it may serve across its lines: the call one line for all would have given it.
 */
export class WaitingCalls {
  /** Per line: its candidate list, the calls in it and their joining order, and where it starts and ends (arrays reused, never shortened). */
  private readonly lists: Int32Array[] = [];
  private readonly ids: number[][] = [];
  private readonly order: number[][] = [];
  private readonly heads: number[] = [];
  private readonly tails: number[] = [];
  private readonly lineOfList = new Map<Int32Array, number>();
  /** Per unit: the lines whose candidate list holds it. */
  private readonly linesOf: number[][];
  /** Per call: its line plus one while it waits, 0 otherwise. */
  private lineOf = new Int32Array(1024);
  private joined = 0;
  /** Calls waiting now. */
  size = 0;

  constructor(units: number) {
    this.linesOf = Array.from({ length: units }, () => []);
  }

  add(id: number, list: Int32Array): void {
    let line = this.lineOfList.get(list);
    if (line === undefined) {
      line = this.lists.length;
      this.lineOfList.set(list, line);
      this.lists.push(list);
      this.ids.push([]);
      this.order.push([]);
      this.heads.push(0);
      this.tails.push(0);
      for (let k = 0; k < list.length; k++) this.linesOf[list[k]!]!.push(line);
    }
    if (id >= this.lineOf.length) {
      const grown = new Int32Array(Math.max(id + 1, this.lineOf.length * 2));
      grown.set(this.lineOf);
      this.lineOf = grown;
    }
    this.lineOf[id] = line + 1;
    const tail = this.tails[line]!;
    const ids = this.ids[line]!;
    if (tail === ids.length) {
      ids.push(id);
      this.order[line]!.push(this.joined++);
    } else {
      ids[tail] = id;
      this.order[line]![tail] = this.joined++;
    }
    this.tails[line] = tail + 1;
    this.size++;
  }

  /**
   * The earliest waiting call unit `u` may serve and, when `reach` is given, still reach in
   * time (-1 if none), taken off its line.
   */
  take(u: number, t: number, reach: Reach | null): number {
    if (this.size === 0) return -1;
    const lines = this.linesOf[u]!;
    let bestLine = -1, bestPos = -1, bestOrder = Infinity;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k]!;
      const ids = this.ids[line]!;
      const order = this.order[line]!;
      // Later calls of a line joined later: the first one this team may take is the line's candidate.
      const tail = this.tails[line]!;
      for (let p = this.heads[line]!; p < tail && order[p]! < bestOrder; p++) {
        if (reach !== null && !reach.inTime(ids[p]!, u, t)) continue;
        bestLine = line;
        bestPos = p;
        bestOrder = order[p]!;
        break;
      }
    }
    if (bestLine < 0) return -1;
    const id = this.ids[bestLine]![bestPos]!;
    this.removeAt(bestLine, bestPos);
    return id;
  }

  /** Takes a call off its line (its time to wait ran out); false if it was not waiting. */
  remove(id: number): boolean {
    const line = id < this.lineOf.length ? this.lineOf[id]! - 1 : -1;
    if (line < 0) return false;
    const ids = this.ids[line]!;
    let p = this.heads[line]!;
    while (ids[p] !== id) p++;
    this.removeAt(line, p);
    return true;
  }

  private removeAt(line: number, p: number): void {
    const ids = this.ids[line]!;
    const order = this.order[line]!;
    this.lineOf[ids[p]!] = 0;
    this.size--;
    const head = this.heads[line]!;
    const tail = this.tails[line]!;
    if (p === head) {
      // The common case, the head: move the start instead of shifting; start over when the line empties.
      if (head + 1 === tail) {
        this.heads[line] = 0;
        this.tails[line] = 0;
      } else if (head >= 1024 && head * 2 >= tail) {
        // A line that never empties: its waiting calls move down to the start, so it does not grow with every call it has held.
        for (let k = head + 1; k < tail; k++) {
          ids[k - head - 1] = ids[k]!;
          order[k - head - 1] = order[k]!;
        }
        this.heads[line] = 0;
        this.tails[line] = tail - head - 1;
      } else {
        this.heads[line] = head + 1;
      }
      return;
    }
    for (let k = p + 1; k < tail; k++) {
      ids[k - 1] = ids[k]!;
      order[k - 1] = order[k]!;
    }
    this.tails[line] = tail - 1;
  }
}
