import { closeSync, openSync, readSync } from 'node:fs';

/**
 * The checkpoint sequence number in a WAL file's header (bytes 12–15, big-endian): SQLite adds
 * one each time the WAL starts over from its beginning, so its growth over a run counts the
 * restarts. 0 when the WAL file does not exist or has no header yet. (sqlite.org/fileformat2.html, "WAL File Format")
 */
export function walCheckpointSequence(databasePath: string): number {
  let fd: number;
  try {
    fd = openSync(`${databasePath}-wal`, 'r');
  } catch {
    return 0;
  }
  try {
    const header = Buffer.alloc(16);
    return readSync(fd, header, 0, 16, 0) === 16 ? header.readUInt32BE(12) : 0;
  } finally {
    closeSync(fd);
  }
}
