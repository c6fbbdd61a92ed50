// Turns what the browser says when the native host cannot be reached into a problem
// code; the popup shows each code in plain words with its fix (messages problem_* and
// fix_*), and the browser's own words below them. The strings are Chromium's (see
// docs/extension.md) and Firefox's.
const PATTERNS = [
  ['host_missing', /native messaging host not found|No such native application|manifest.*not found/i],
  ['host_forbidden', /host is forbidden|not allowed|access denied|allowed_extensions/i],
  ['host_comm', /Error when communicating|tried to send a message of|invalid message|too large/i],
  ['host_exited', /Native host has exited|exited|terminated/i],
];

// Returns {code, detail} for a browser error message.
export function describeProblem(message) {
  const detail = String(message ?? '').trim();
  const found = PATTERNS.find(([, re]) => re.test(detail));
  return { code: found ? found[0] : 'host_unknown', detail };
}
