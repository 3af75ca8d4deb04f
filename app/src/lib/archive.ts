/**
 * Counts the files of a ZIP as its bytes arrive (the export page's progress): every entry starts
 * with a local file header, signature "PK\x03\x04". The signature can also occur inside
 * compressed data (about once in 4 GB of it), so the page caps the count at the known total.
 * Returns a function that takes the next chunk and answers the count so far; a signature split
 * over two chunks is found too.
 */
export function countZipEntries(): (chunk: Uint8Array) => number {
  let count = 0;
  let tail = new Uint8Array(0);
  return (chunk) => {
    const bytes = new Uint8Array(tail.length + chunk.length);
    bytes.set(tail);
    bytes.set(chunk, tail.length);
    for (let i = 0; i + 3 < bytes.length; i++) {
      if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x03 && bytes[i + 3] === 0x04) count++;
    }
    tail = bytes.slice(Math.max(0, bytes.length - 3));
    return count;
  };
}

/** A size for people: bytes, kB or MB (1024-based), one decimal above 1 kB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
