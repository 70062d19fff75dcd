import fs from 'node:fs';

/** Resident memory of a live process in MiB, from VmRSS in /proc/<pid>/status (Linux); null once it is gone. */
export const readRssMiB = (pid: number): number | null => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : null;
  } catch {
    return null;
  }
};
