/**
 * What Linux says of another process: its CPU time and resident memory, read from `/proc`.
 *
 * @module
 */

/** User plus system CPU time of process `pid` so far, in ms (10 ms steps: clock ticks). */
export function cpuMs(pid: number): number {
  const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of process `pid`, in KiB. */
export function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`))![1]);
}
