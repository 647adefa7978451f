import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** Name of the secret file in the data dir; the sync server reads and writes the same file. */
export const SECRET_FILE = 'secret';

const MIN_LENGTH = 32;

/**
 * The relay's HS256 secret: `MUSTER_SECRET` if set, else the trimmed contents of
 * `<dataDir>/secret` (the relay's format: 32 random bytes, base64url, a newline, mode 0600),
 * created when missing. Ours is written aside and hard-linked into place, which fails if the file
 * exists; the relay may be writing its own at the same moment, so a short read is retried briefly
 * before it counts as an error.
 */
export async function loadSecret(dataDir: string, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  const path = join(dataDir, SECRET_FILE);
  mkdirSync(dataDir, { recursive: true });
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  try {
    linkSync(aside, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(aside);
  }
  for (let attempt = 0; ; attempt++) {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret.length >= MIN_LENGTH) return secret;
    if (attempt >= 40) {
      throw new Error(
        `${path} holds a secret shorter than ${MIN_LENGTH} characters: delete it or set MUSTER_SECRET.`,
      );
    }
    await delay(25);
  }
}
