/** ISO images for the wizard's tests: made with xorriso, with the volume ID of a real installation medium. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Writes a bootable ISO (El Torito, no emulation) to `file` whose primary volume descriptor carries `volumeId`
 * byte for byte (written over the descriptor's 32-byte field, since mkisofs would change characters osinfo-db's
 * media rules match), and returns `file`. The scratch folder for its content is made beside it.
 */
export async function makeIso(file: string, volumeId: string): Promise<string> {
  const root = fs.mkdtempSync(path.join(path.dirname(file), 'root-'));
  fs.writeFileSync(path.join(root, 'boot.img'), Buffer.alloc(2048));
  await run('xorriso', [
    '-as',
    'mkisofs',
    '-quiet',
    '-V',
    'X',
    '-b',
    'boot.img',
    '-no-emul-boot',
    '-o',
    file,
    root,
  ]);
  const fd = fs.openSync(file, 'r+');
  try {
    const id = Buffer.alloc(32, ' ');
    id.write(volumeId, 'latin1');
    fs.writeSync(fd, id, 0, 32, 0x8000 + 40);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}
