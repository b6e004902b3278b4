import { readdirSync, readFileSync } from 'node:fs';

/** True while a process exists and is not a zombie (an exited child nobody has reaped yet). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (name) STATE ..."; Z = zombie, X = dead.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passes. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
}

/**
 * Process ids of live Chroma servers that the process `parentPid` started through lib/rag/chroma-server.ts
 * (recognised by the ECG_LLM_CHROMA_PARENT_PID variable in their environment).
 */
export function chromaServersStartedBy(parentPid: number): number[] {
  return liveProcessIds((pid) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`ECG_LLM_CHROMA_PARENT_PID=${parentPid}`));
}

/** Ids of the live processes for which `matches` holds (a process that vanishes while it is checked does not). */
function liveProcessIds(matches: (pid: number) => boolean): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return matches(pid);
      } catch {
        return false;
      }
    })
    .filter(isProcessAlive);
}

/** The scheduler state letter (R, S, T, Z, ...) of every thread of a process, from /proc/<pid>/task. */
export function threadStates(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((thread) => {
      const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    });
  } catch {
    return [];
  }
}

/** Process ids of the live children of `parentPid` (from the parent field of /proc/<pid>/stat). */
export function childProcessIds(parentPid: number): number[] {
  return liveProcessIds((pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (name) state ppid ...": the fields after the closing parenthesis.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parentPid;
  });
}

/** The command line of a process, arguments joined by spaces ('' when it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}
