/**
 * Finding the processes of a browser the demo started, so that none outlives
 * it: the browser's main process names its throw-away profile folder on its
 * command line, and both playwright and puppeteer start it as the leader of
 * a new process group, which its helpers (zygotes, renderers, content
 * processes) stay in. Linux only (/proc); elsewhere nothing is found and
 * the browser's own shutdown is all there is.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Live processes (zombies have ended: only their parent has not collected them yet). */
function liveProcesses() {
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  /** @type {{ pid: number; pgrp: number; cmdline: string }[]} */
  const found = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || state === 'X') continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      found.push({ pid: Number(entry), pgrp: Number(pgrp), cmdline });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

/**
 * @param {string} needle
 * @returns {number[]} pids of live processes whose arguments contain `needle`
 */
export function processesMentioning(needle) {
  return liveProcesses()
    .filter((p) => p.cmdline.includes(needle))
    .map((p) => p.pid);
}

/**
 * @param {number} pgid
 * @returns {number[]} pids of live processes in process group `pgid`
 */
export function processesInGroup(pgid) {
  return liveProcesses()
    .filter((p) => p.pgrp === pgid)
    .map((p) => p.pid);
}

/**
 * The process group led by a process whose arguments contain `needle` (the browser's main process), or null.
 * @param {string} needle
 * @returns {number | null}
 */
export function groupMentioning(needle) {
  return liveProcesses().find((p) => p.pid === p.pgrp && p.cmdline.includes(needle))?.pgrp ?? null;
}

/**
 * Waits up to `graceMs` for the browser's processes (its group, and anything
 * naming its profile) to end, then kills what is left. Returns the pids it killed.
 * @param {{ pgid: number | null, needle: string }} browser
 * @param {number} graceMs
 * @returns {Promise<number[]>}
 */
export async function endLeftovers({ pgid, needle }, graceMs) {
  const left = () => [...new Set([...(pgid ? processesInGroup(pgid) : []), ...processesMentioning(needle)])];
  const deadline = Date.now() + graceMs;
  let pids = left();
  while (pids.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    pids = left();
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Ended meanwhile.
    }
  }
  return pids;
}
