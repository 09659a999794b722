import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt, Node's built-in memory-hard function: a random salt per
 * password, and the cost parameters stored with the hash as
 * `$scrypt$ln=LOG2N,r=R,p=P$<salt>$<hash>` (unpadded base64), so stronger parameters can be
 * adopted later while stored hashes still verify (`needsRehash` says when to upgrade one).
 *
 * The default (N = 2^15, r = 8, p = 3) is one of OWASP's recommended scrypt settings: 32 MiB
 * and a few hundred milliseconds per hash, with at most four at once (libuv's thread pool).
 * Never hash inside a database transaction: the embedded database would wait for it.
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

export const DEFAULT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 3 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Bounds a stored hash's parameters must lie in: a tampered row cannot make us spend gigabytes. */
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export interface Verification {
  ok: boolean;
  /** The hash was made with other parameters than today's defaults: store a new one. */
  needsRehash: boolean;
}

/**
 * Checks a password against a stored hash, comparing in constant time. A hash that cannot be
 * parsed (or whose parameters are out of bounds) verifies nothing.
 */
export async function verifyPassword(password: string, stored: string, current: ScryptParams = DEFAULT_PARAMS): Promise<Verification> {
  const parsed = parseHash(stored);
  if (!parsed) return { ok: false, needsRehash: false };
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  const ok = timingSafeEqual(key, parsed.key);
  const needsRehash = parsed.params.ln !== current.ln || parsed.params.r !== current.r || parsed.params.p !== current.p;
  return { ok, needsRehash };
}

let dummy: Promise<string> | undefined;

/**
 * Spends as long as a real verification, for a name that has no user: a sign-in with a wrong
 * name then takes as long as one with a wrong password, and does not tell which names exist.
 */
export async function verifyNothing(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummy);
}

export function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const match = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{16,})$/.exec(stored);
  if (!match) return null;
  const params = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  for (const k of ['ln', 'r', 'p'] as const) {
    if (params[k] < LIMITS[k][0] || params[k] > LIMITS[k][1]) return null;
  }
  return { params, salt: Buffer.from(match[4]!, 'base64url'), key: Buffer.from(match[5]!, 'base64url') };
}

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  // scrypt needs 128·N·r bytes; Node refuses anything over maxmem (32 MiB by default).
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 2 * 128 * N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Unambiguous characters (no 0/o, 1/l/i): a password read off a terminal is typed right. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A one-time password to hand over: four groups of five characters (about 99 bits), drawn
 * without bias from the operating system's random source.
 */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** Why a password someone chose is not acceptable, or null when it is. */
export function passwordProblem(password: string, username: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() !== password) return 'a password cannot begin or end with spaces';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'a password cannot contain the user name';
  if (new Set(password).size < 4) return 'a password needs more than three different characters';
  return null;
}
