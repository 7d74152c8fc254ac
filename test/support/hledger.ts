import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `hledger -f <journal> <args>` and returns what it prints, or null when hledger is not
 * installed (CI installs it: .ci/run). Any other failure is an error.
 */
export async function runHledger(journal: string, args: string[]): Promise<string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-hledger-'));
  try {
    const file = join(dir, 'kindling.journal');
    writeFileSync(file, journal);
    return await new Promise<string | null>((resolve, reject) => {
      execFile(
        'hledger',
        ['-f', file, ...args],
        { maxBuffer: 256 * 1024 * 1024, timeout: 600_000 },
        (error, stdout, stderr) => {
          if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') resolve(null);
          else if (error)
            reject(new Error(`hledger ${args.join(' ')} failed: ${stderr || error.message}`));
          else resolve(stdout);
        },
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
