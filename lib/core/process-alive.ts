/**
 * True while a process with this id runs on this machine (signal 0 probes without signalling; EPERM means it
 * exists but belongs to another user). Used to tell leftovers of killed processes from live ones.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
