import { ApiError } from '../../api/client.js';

/** How far a download has come. */
export interface DownloadProgress {
  bytes: number;
  /** Rows counted as they arrive (NDJSON: one per line); null where the bytes are compressed. */
  rows: number | null;
}

export interface Downloaded {
  blob: Blob;
  filename: string;
  bytes: number;
  rows: number | null;
}

const NEWLINE = 10;

/** The file name the server suggests in Content-Disposition, or `fallback`. */
function filenameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const exact = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1];
  if (exact) return decodeURIComponent(exact);
  return /filename="([^"]+)"/.exec(header)?.[1] ?? fallback;
}

/**
 * Fetches an export as it is streamed, reporting the bytes (and, for NDJSON, rows) received after
 * each chunk; resolves with the whole file. An error answer rejects as `ApiError`.
 */
export async function downloadExport(
  url: string,
  countLines: boolean,
  onProgress: (progress: DownloadProgress) => void,
  signal: AbortSignal,
): Promise<Downloaded> {
  const response = await fetch(url, { credentials: 'same-origin', signal });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as {
      error?: { code?: string; message?: string; details?: unknown };
    } | null;
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'HTTP_ERROR',
      body?.error?.message ?? `HTTP ${response.status}`,
      body?.error?.details,
    );
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let rows = countLines ? 0 : null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.length;
    if (rows !== null) for (const byte of value) if (byte === NEWLINE) rows += 1;
    onProgress({ bytes, rows });
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  return {
    blob: new Blob(chunks as BlobPart[], { type }),
    filename: filenameOf(response, 'export'),
    bytes,
    rows,
  };
}

/** Hands a downloaded file to the browser to save. */
export function saveFile(file: Downloaded): void {
  const href = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = file.filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after the click has been handled: the browser has the file by then.
  setTimeout(() => URL.revokeObjectURL(href), 0);
}
