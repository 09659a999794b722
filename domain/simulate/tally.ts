/** Counts what a simulation did, for progress and the closing summary. */
export interface Tally {
  commands: number;
  orders: number;
}
export const newTally = (): Tally => ({ commands: 0, orders: 0 });
