import crypto from "node:crypto";
import { constants as fsConstants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

export interface StoredFile {
  storageKey: string;
  storedAt: Date;
}

/**
 * Where the bytes of attachments live. Rows in `request_attachments` point here by storage key;
 * the key is chosen by the store, never derived from anything the uploader sent.
 */
export interface AttachmentStore {
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes as stored; refuses anything that is not a storage key this store hands out. */
  get(storageKey: string): Promise<Buffer<ArrayBuffer>>;
  delete(storageKey: string): Promise<void>;
  /** Every stored file, for the orphan sweep. */
  list(): AsyncIterable<StoredFile>;
  /** Removes writes that never finished (the process died between writing and renaming). */
  removeIncomplete(olderThan: Date): Promise<number>;
}

const STORAGE_KEY = /^[0-9a-f]{32}$/;
const SHARD = /^[0-9a-f]{2}$/;
const INCOMING = ".incoming";
// Format tag, IV and GCM tag in front of the ciphertext; the tag lets a later format coexist.
const MAGIC = Buffer.from("TLA1");
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function isStorageKey(value: string): boolean {
  return STORAGE_KEY.test(value);
}

export class InvalidStorageKeyError extends Error {
  constructor() {
    super("not a storage key");
    this.name = "InvalidStorageKeyError";
  }
}

/**
 * Files under `dir` (outside the web root), named by 128 random bits and sharded by their first
 * two hex digits so no folder grows past a few thousand entries.
 *
 * NOTE: ID scans are personal data like the ID numbers in the database, so they are encrypted
 * with AES-256-GCM under a key derived from the data key. The storage key is authenticated with
 * them: a file copied over another one's name fails to open instead of being served as it.
 */
export function createFileAttachmentStore(options: { dir: string; dataKeyHex: string }): AttachmentStore {
  const root = path.resolve(options.dir);
  const incoming = path.join(root, INCOMING);
  const dataKey = Buffer.from(options.dataKeyHex, "hex");
  if (dataKey.length !== 32) throw new Error("The data-encryption key must be 32 bytes (64 hex digits).");
  const key = Buffer.from(crypto.hkdfSync("sha256", dataKey, Buffer.alloc(0), "trustline attachments v1", 32));

  function pathOf(storageKey: string): string {
    if (!isStorageKey(storageKey)) throw new InvalidStorageKeyError();
    return path.join(root, storageKey.slice(0, 2), storageKey);
  }

  function seal(storageKey: string, plain: Uint8Array): Buffer {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from(storageKey));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
  }

  function open(storageKey: string, sealed: Buffer): Buffer<ArrayBuffer> {
    const header = MAGIC.length + IV_BYTES + TAG_BYTES;
    if (sealed.length < header || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new Error(`attachment ${storageKey} is not in a known format`);
    }
    const iv = sealed.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(Buffer.from(storageKey));
    decipher.setAuthTag(sealed.subarray(MAGIC.length + IV_BYTES, header));
    return Buffer.concat([decipher.update(sealed.subarray(header)), decipher.final()]);
  }

  async function syncDir(dir: string): Promise<void> {
    const handle = await fs.open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    async put(bytes) {
      const storageKey = crypto.randomBytes(16).toString("hex");
      const target = pathOf(storageKey);
      await fs.mkdir(incoming, { recursive: true, mode: 0o700 });
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      // Written aside and renamed into place, so a reader never sees half a file.
      const temp = path.join(incoming, `${storageKey}.tmp`);
      const handle = await fs.open(temp, "wx", 0o600);
      try {
        try {
          await handle.writeFile(seal(storageKey, bytes));
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(temp, target);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
      // The rename itself must survive a power cut once the row pointing here commits.
      await syncDir(path.dirname(target));
      return storageKey;
    },

    async get(storageKey) {
      const file = pathOf(storageKey);
      // NOFOLLOW: a symlink planted in the store cannot point a download elsewhere.
      const handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
      try {
        return open(storageKey, await handle.readFile());
      } finally {
        await handle.close();
      }
    },

    async delete(storageKey) {
      await fs.rm(pathOf(storageKey), { force: true });
    },

    async *list() {
      const shards = await readdirIfExists(root);
      for (const shard of shards) {
        if (!SHARD.test(shard)) continue;
        for (const name of await readdirIfExists(path.join(root, shard))) {
          if (!isStorageKey(name) || !name.startsWith(shard)) continue;
          const stat = await fs.lstat(path.join(root, shard, name)).catch(() => null);
          if (stat?.isFile()) yield { storageKey: name, storedAt: stat.mtime };
        }
      }
    },

    async removeIncomplete(olderThan) {
      let removed = 0;
      for (const name of await readdirIfExists(incoming)) {
        const file = path.join(incoming, name);
        const stat = await fs.lstat(file).catch(() => null);
        if (stat && stat.mtime < olderThan) {
          await fs.rm(file, { force: true });
          removed += 1;
        }
      }
      return removed;
    },
  };
}

async function readdirIfExists(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
