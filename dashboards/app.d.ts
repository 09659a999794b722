import type { Capability, Role } from '../domain/access/roles.js';

/** The signed-in reader as every server load, action and endpoint sees them (hooks.server.ts). */
export interface SignedInUser {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** The one region they see, or null for every region. */
  region: string | null;
  /** What their role (and region) lets them do: see domain/access/roles.ts. */
  capabilities: Capability[];
  mustChangePassword: boolean;
}

declare global {
  namespace App {
    interface Locals {
      /** Null only on the sign-in page: every other request is refused without a session. */
      user: SignedInUser | null;
      /** The session's CSRF token, which every state-changing request must send back. */
      csrf: string | null;
      /**
       * Set by the root layout when the URL's global filters are wrong: the page then shows why
       * (in the layout) and hooks.server.ts answers 400.
       */
      urlProblem?: string;
    }
  }
}

export {};
