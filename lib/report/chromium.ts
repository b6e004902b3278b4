/**
 * Headless Chromium, used to render plotly figures to PNG and SVG exactly as a browser draws them.
 * The executable is `ECG_LLM_CHROMIUM`, or the first of the usual system locations.
 */
import { existsSync } from 'node:fs';
import { ConfigurationError } from '../core/errors.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Chromium flags for a headless machine with no network and no GPU. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The Chromium executable to use, or a ConfigurationError that says how to get one. */
export function findChromium(environment: NodeJS.ProcessEnv = process.env): string {
  const configured = environment.ECG_LLM_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) throw new ConfigurationError('ECG_LLM_CHROMIUM', `no executable at ${configured}`);
    return configured;
  }
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new ConfigurationError(
      'ECG_LLM_CHROMIUM',
      `no Chromium found (looked in ${CANDIDATES.join(', ')}). Install it (Debian/Ubuntu: \`apt-get install chromium\`) ` +
        'or set ECG_LLM_CHROMIUM to a Chrome/Chromium executable.',
    );
  }
  return found;
}
