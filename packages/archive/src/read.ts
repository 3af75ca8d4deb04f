import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import yauzl from "yauzl";
import { ARCHIVE_LIMITS, DomainError, safeEntryName } from "@regiotafel/domain";

/** A refusal of an archive: nothing was written. `file` names the ZIP entry it is about. */
export const archiveError = (key: string, params?: Record<string, string | number>) => new DomainError("BAD_REQUEST", key, params, "archive");

/** Reads a Blob (in memory, or file-backed: `fs.openAsBlob`) at random, as yauzl wants. */
class BlobReader extends yauzl.RandomAccessReader {
  constructor(private readonly blob: Blob) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.fromWeb(this.blob.slice(start, end).stream() as WebReadableStream);
  }
}

export interface ArchiveLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
}

/** An opened archive: its entries by name, each read (and size-checked while inflating) on demand. */
export interface OpenedArchive {
  names(): string[];
  has(name: string): boolean;
  read(name: string): Promise<Buffer>;
  close(): void;
}

/**
 * Opens a ZIP and checks its directory before reading any entry: a ZIP at all, at most
 * `maxEntries` entries, every name relative and without "..", no name twice, each entry's and
 * the total's uncompressed size within the limits, and no entry that inflates more than
 * `maxRatio` times. yauzl checks while inflating that an entry is no bigger than it says.
 */
export async function openArchive(blob: Blob, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<OpenedArchive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromRandomAccessReader(new BlobReader(blob), blob.size, { lazyEntries: true, autoClose: false, decodeStrings: true, strictFileNames: false }, (error, z) =>
        error ? reject(error) : resolve(z),
      ),
    );
  } catch {
    throw archiveError("archive.notZip");
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw archiveError("archive.tooManyEntries", { max: limits.maxEntries });
  }
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (name.endsWith("/")) return zip.readEntry();
        if (!safeEntryName(name)) return reject(archiveError("archive.entryName", { file: printable(name) }));
        if (entries.has(name)) return reject(archiveError("archive.duplicateEntry", { file: name }));
        if (entry.uncompressedSize > limits.maxEntryBytes) return reject(archiveError("archive.entryTooLarge", { file: name }));
        if (entry.uncompressedSize > Math.max(1024 * 1024, entry.compressedSize * limits.maxRatio)) return reject(archiveError("archive.entryTooLarge", { file: name }));
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) return reject(archiveError("archive.tooLarge"));
        entries.set(name, entry);
        zip.readEntry();
      });
      zip.on("end", () => resolve());
      zip.on("error", (error: Error) => reject(/path|file ?name/i.test(error.message) ? archiveError("archive.entryName", { file: printable(nameIn(error.message)) }) : archiveError("archive.damaged")));
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw error instanceof DomainError ? error : archiveError("archive.damaged");
  }

  return {
    names: () => [...entries.keys()],
    has: (name) => entries.has(name),
    async read(name) {
      const entry = entries.get(name);
      if (!entry) throw archiveError("archive.missingFile", { file: name });
      try {
        const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))));
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of stream) {
          size += (chunk as Buffer).length;
          if (size > limits.maxEntryBytes) {
            stream.destroy();
            throw archiveError("archive.entryTooLarge", { file: name });
          }
          chunks.push(chunk as Buffer);
        }
        return Buffer.concat(chunks);
      } catch (error) {
        if (error instanceof DomainError) throw error;
        throw archiveError("archive.damagedFile", { file: name });
      }
    },
    close: () => zip.close(),
  };
}

function nameIn(message: string): string {
  return /: (.*)$/.exec(message)?.[1] ?? "?";
}

/** A name as it can be shown: control characters dropped, at most 120 characters. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, 120);
}
