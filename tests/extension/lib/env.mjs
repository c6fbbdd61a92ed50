// Shared facts for the end-to-end tests: where things are, the extension's ids, and the
// native host manifests each browser needs to find the host.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const IDS = JSON.parse(readFileSync(join(REPO, 'extension', 'ids.json'), 'utf8'));
export const DIST = join(REPO, 'extension', 'dist', 'test');
export const ARTIFACTS = process.env.LW_ARTIFACTS ?? join(REPO, 'artifacts', 'extension');

// The host the browsers start: the real lurewatch-host (run.sh sets LUREWATCH_HOST).
export function hostPath() {
  const path = process.env.LUREWATCH_HOST;
  if (!path || !existsSync(path)) throw new Error(`LUREWATCH_HOST is not set to a built lurewatch-host (got ${path})`);
  return path;
}

// Writes the host manifest into a directory the browser reads.
function writeManifest(dir, allowed) {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: IDS.host_name, description: 'lurewatch host (test)', path: hostPath(), type: 'stdio', ...allowed };
  writeFileSync(join(dir, `${IDS.host_name}.json`), JSON.stringify(manifest, null, 2));
}

// Registers the host for a Chromium profile (<user-data-dir>/NativeMessagingHosts).
export function registerChromiumHost(userDataDir) {
  writeManifest(join(userDataDir, 'NativeMessagingHosts'), { allowed_origins: [`chrome-extension://${IDS.chromium}/`] });
}

// Registers the host for Firefox under a temporary HOME.
export function registerFirefoxHost(home) {
  writeManifest(join(home, '.mozilla', 'native-messaging-hosts'), { allowed_extensions: [IDS.firefox] });
}

// Makes sure the screenshot folder exists and returns a path inside it.
export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
