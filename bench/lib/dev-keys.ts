import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The admin key the server wrote on first start (`<data dir>/dev-keys.json`, development only). */
export async function readAdminKey(dataDir: string): Promise<string> {
  const keys = JSON.parse(await readFile(path.join(dataDir, 'dev-keys.json'), 'utf8')) as { adminKey: string };
  return keys.adminKey;
}
