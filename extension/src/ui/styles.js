// Styles of the warning report, shared by the in-page panel (inside a closed shadow root)
// and the popup. Custom properties are prefixed so that they never meet the page's.
export const REPORT_CSS = `
.lw-report { --lw-ink: #1b1b1f; --lw-muted: #4a4a55; --lw-line: #d9d9e0; --lw-high: #b3261e;
  --lw-medium: #9a5b00; --lw-low: #36618e; font: 14px/1.45 system-ui, "Noto Sans", "Noto Sans Arabic",
  "Noto Sans Thai", "Noto Sans Khmer", "Noto Sans Myanmar", "Noto Sans CJK SC", sans-serif;
  color: var(--lw-ink); }
.lw-summary { font-weight: 600; margin: 0 0 .3em; }
.lw-summary.lw-high { color: var(--lw-high); }
.lw-summary.lw-medium { color: var(--lw-medium); }
.lw-summary.lw-low { color: var(--lw-low); }
.lw-intro { color: var(--lw-muted); margin: 0 0 .8em; }
.lw-indicator { border-top: 1px solid var(--lw-line); padding: .6em 0; }
.lw-indicator h3 { font-size: 1em; margin: 0 0 .3em; }
.lw-indicator p { margin: .2em 0; }
.lw-label { font-weight: 600; }
.lw-cluster-list { margin: .2em 0 .4em; padding: 0; list-style: none; }
.lw-cluster-list li { border-inline-start: 3px solid var(--lw-high); padding: .1em .5em; margin: .15em 0;
  background: #fff1ef; }
.lw-cluster-list .lw-author { font-weight: 600; }
.lw-cluster-list .lw-more { background: none; color: var(--lw-muted); }
.lw-evidence { margin: .3em 0 0; padding: 0; list-style: none; }
.lw-evidence li { background: #fff4c2; border-inline-start: 3px solid #e0a800; padding: .15em .5em;
  margin: .2em 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.lw-help { border-top: 2px solid var(--lw-line); padding-top: .6em; margin-top: .4em; }
.lw-help h3 { font-size: 1em; margin: 0 0 .3em; }
.lw-help ul { margin: 0; padding-inline-start: 1.2em; }
.lw-help .lw-contact { font-weight: 600; unicode-bidi: plaintext; }
`;
