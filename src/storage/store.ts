/**
 * The storage interface every feature uses, and the row types it returns. Adapters
 * (`sqlite/`, `postgres/`) implement `Store`; nothing above them sees a driver type.
 *
 * @module
 */

/** Security level given to the sysop account. */
export const SYSOP_LEVEL = 255;

/** Security level a new caller gets unless the sysop configures another. */
export const NEW_USER_LEVEL = 10;

/** Character sets a caller's terminal can be set to. */
export type CharsetChoice = "cp437" | "utf8";

/** A caller's account. */
export interface User {
  id: number;
  /** The handle as the caller typed it. */
  handle: string;
  /** argon2id in PHC string form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
  passwordHash: string;
  realName: string;
  location: string;
  securityLevel: number;
  isSysop: boolean;
  /** Completed logins, this one included once `recordLogin` ran. */
  calls: number;
  createdAt: Date;
  lastLoginAt: Date | null;
  /** The character set the caller chose, or `null` to go by the terminal type. */
  charset: CharsetChoice | null;
}

/** What it takes to create an account. */
export interface NewUser {
  handle: string;
  passwordHash: string;
  realName?: string;
  location?: string;
  securityLevel?: number;
  isSysop?: boolean;
}

/** A page request for keyset pagination by ascending id. */
export interface UserPage {
  /** Return users with an id above this one. */
  afterId?: number;
  /** At most this many rows (default 100). */
  limit?: number;
}

/** Which backend a store talks to. */
export type StoreKind = "sqlite" | "postgres";

/**
 * Everything Carrier persists. Methods throw `CarrierError` (`HANDLE_TAKEN`,
 * `STORE_UNAVAILABLE`, `STORE_FAILED`, `MIGRATION_FAILED`) and never a driver error.
 */
export interface Store {
  /** The backend behind this store. */
  readonly kind: StoreKind;
  /** Where the store lives, safe to print (no password). */
  readonly location: string;

  /**
   * Applies the migrations not yet recorded in `schema_migrations`, each in its own
   * transaction, in order.
   *
   * @returns the names of the migrations applied now (empty when up to date)
   */
  migrate(): Promise<string[]>;

  /**
   * Creates an account. The first account ever created becomes the sysop (level
   * `SYSOP_LEVEL`) whatever `input` says; the check and the insert are one transaction.
   *
   * @throws {CarrierError} `HANDLE_TAKEN` when the handle exists in any letter case
   */
  createUser(input: NewUser): Promise<User>;

  /** The account whose handle matches `handle` in any letter case. */
  userByHandle(handle: string): Promise<User | undefined>;

  /** The account with this id. */
  userById(id: number): Promise<User | undefined>;

  /** Accounts in id order, one keyset page at a time. */
  listUsers(page?: UserPage): Promise<User[]>;

  /** How many accounts exist. */
  countUsers(): Promise<number>;

  /**
   * Replaces a password hash (password change, or re-hash with newer parameters).
   *
   * @throws {CarrierError} `USER_NOT_FOUND` when the account no longer exists
   */
  setPasswordHash(userId: number, passwordHash: string): Promise<void>;

  /**
   * Counts a completed login: adds one call and sets the last-login time.
   *
   * @returns the updated account
   * @throws {CarrierError} `USER_NOT_FOUND` when the account no longer exists
   */
  recordLogin(userId: number, at: Date): Promise<User>;

  /**
   * Remembers the caller's character set (`null` forgets it).
   *
   * @throws {CarrierError} `USER_NOT_FOUND` when the account does not exist
   */
  setCharset(userId: number, charset: CharsetChoice | null): Promise<void>;

  /** Deletes the account with this handle (any letter case). @returns whether one existed */
  deleteUser(handle: string): Promise<boolean>;

  /** Closes connections and files. The store is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * The key that makes handles unique regardless of letter case, computed the same way for both
 * backends (a Unicode-aware lowercase of the NFC form), so "Zoë" and "ZOË" collide everywhere.
 */
export function handleKey(handle: string): string {
  return handle.normalize("NFC").toLowerCase();
}
