/**
 * Node numbers: each connected caller holds one, from 1 to the board's maximum.
 *
 * @module
 */

/**
 * The table of nodes in use. Numbers are handed out lowest first and come back on release, as
 * callers expect from a multi-line board.
 */
export class NodeTable<T> {
  #slots: (T | undefined)[];
  #used = 0;

  /** @param maxNodes how many callers can be on at once */
  constructor(maxNodes: number) {
    if (!(maxNodes >= 1)) throw new RangeError("A board needs at least one node");
    this.#slots = new Array(maxNodes).fill(undefined);
  }

  /** How many nodes the board has. */
  get capacity(): number {
    return this.#slots.length;
  }

  /** How many nodes are in use. */
  get used(): number {
    return this.#used;
  }

  /**
   * Takes the lowest free node and fills it with what `occupy` makes for that number.
   *
   * @returns the occupant, or `undefined` when the board is full
   */
  allocate(occupy: (node: number) => T): T | undefined {
    if (this.#used === this.#slots.length) return undefined;
    const index = this.#slots.indexOf(undefined);
    const occupant = occupy(index + 1);
    this.#slots[index] = occupant;
    this.#used++;
    return occupant;
  }

  /** Frees `node` if `occupant` still holds it. */
  release(node: number, occupant: T): void {
    if (this.#slots[node - 1] === occupant) {
      this.#slots[node - 1] = undefined;
      this.#used--;
    }
  }

  /** Occupants in node order. */
  *occupants(): IterableIterator<T> {
    for (const occupant of this.#slots) if (occupant !== undefined) yield occupant;
  }
}
