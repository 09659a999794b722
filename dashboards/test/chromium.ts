import { existsSync } from 'node:fs';

/** Debian's Chromium, which the browser tests drive (`.ci/run` installs it with apt-get). */
export const CHROMIUM = process.env.LEDGERLOOP_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
