import { spawnSync } from 'node:child_process';

/** A Debian tool a test runs, and how to tell whether it is installed. */
export interface ConsumerTool {
  name: string;
  /** The Debian package that installs it. */
  debianPackage: string;
  probe: { command: string; args: string[] };
}

export const XMLLINT: ConsumerTool = { name: 'xmllint', debianPackage: 'libxml2-utils', probe: { command: 'xmllint', args: ['--version'] } };
export const JING: ConsumerTool = { name: 'jing', debianPackage: 'jing', probe: { command: 'jing', args: ['-h'] } };
export const NEWSBOAT: ConsumerTool = { name: 'newsboat', debianPackage: 'newsboat', probe: { command: 'newsboat', args: ['--version'] } };
/** Debian's feedparser lives in Debian's Python, whatever other python3 is first on PATH. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const FEEDPARSER: ConsumerTool = {
  name: 'python3-feedparser',
  debianPackage: 'python3-feedparser',
  probe: { command: DEBIAN_PYTHON, args: ['-c', 'import feedparser'] },
};

/** The W3C Feed Validator beside the project (see ../shared/tools/README.md), run by Debian's Python with its three libraries. */
export const W3C_VALIDATOR_PATH = new URL('../../../shared/tools/w3c-validate', import.meta.url).pathname;
export const W3C_VALIDATOR: ConsumerTool = {
  name: 'the W3C Feed Validator (python3-lxml, python3-html5lib, python3-rdflib)',
  debianPackage: 'python3-lxml python3-html5lib python3-rdflib',
  probe: { command: DEBIAN_PYTHON, args: ['-c', `import lxml, html5lib, rdflib, os, sys; sys.exit(0 if os.path.exists(${JSON.stringify(W3C_VALIDATOR_PATH)}) else 1)`] },
};

export const CHROMIUM: ConsumerTool = { name: 'chromium', debianPackage: 'chromium', probe: { command: 'chromium', args: ['--version'] } };

export function missingMessage(tool: ConsumerTool): string {
  return `${tool.name} not found: apt-get install ${tool.debianPackage}`;
}

function isInstalled(tool: ConsumerTool): boolean {
  const result = spawnSync(tool.probe.command, tool.probe.args, { stdio: 'ignore' });
  // jing answers -h with a usage text and a non-zero status: that it ran at all is what counts.
  return result.error === undefined && (tool === JING || result.status === 0);
}

/**
 * The tools among `tools` that are missing. Outside CI each is announced with a warning (the
 * caller skips its block); in CI the caller registers a test that fails with the same message.
 */
export function missingTools(tools: readonly ConsumerTool[]): string[] {
  const missing = tools.filter((tool) => !isInstalled(tool)).map(missingMessage);
  if (!process.env.CI) for (const message of missing) console.warn(message);
  return missing;
}

/** In CI a missing tool is a failure, not a skip. */
export function mustFail(missing: readonly string[]): boolean {
  return missing.length > 0 && Boolean(process.env.CI);
}
