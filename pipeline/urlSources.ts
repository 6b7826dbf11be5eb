/**
 * URL sources for the nightly re-ingest (`--urls FILE`): parsing the URL list and fetching each URL
 * with conditional requests, a timeout, retries with backoff, a size limit and per-host concurrency.
 *
 * Built on node:http / node:https (no global dispatcher, no global state): every UrlFetcher owns its
 * keep-alive agents and queues, and `close()` releases them. Idle keep-alive sockets are unref'd by
 * Node's agent, so even a fetcher that is never closed does not keep the process alive.
 *
 * The fetcher does not know the ledger: the caller passes the validators it holds for a URL
 * (`ledger.httpValidators(url)`) and stores the new ones from a 'fetched' result
 * (`ledger.setHttpValidators(url, result.etag, result.lastModified)`), keyed by its own input URL,
 * since `result.url` is the final URL after redirects.
 */
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import PQueue from 'p-queue';
import { zhengceVersion } from './version.js';

// ---------------------------------------------------------------------------------------------
// URL list

export interface UrlListError {
  /** 1-based line number in the list. */
  line: number;
  /** The line as written (trimmed). */
  text: string;
  reason: string;
}

/**
 * Parse a URL list: one URL a line; blank lines and lines starting with `#` are skipped, as is a
 * trailing ` # comment` (whitespace then `#`). Only absolute http/https URLs with a host are kept,
 * normalised by WHATWG URL parsing (lower-case host, default port dropped, non-ASCII percent-encoded)
 * and without their #fragment (never sent to a server). Duplicates (after normalisation) are
 * dropped silently, the first kept; every other line is reported in `errors`.
 */
export function readUrlList(text: string): { urls: string[]; errors: UrlListError[] } {
  const urls: string[] = [];
  const errors: UrlListError[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const candidate = line.replace(/\s+#.*$/, '');
    const report = (reason: string) => errors.push({ line: i + 1, text: line, reason });
    if (/\s/.test(candidate)) return report('contains whitespace (one URL per line)');
    const parsed = parseHttpUrl(candidate);
    if (typeof parsed === 'string') return report(parsed);
    if (seen.has(parsed.href)) return;
    seen.add(parsed.href);
    urls.push(parsed.href);
  });
  return { urls, errors };
}

/** The URL parsed, without fragment, or why it is not a fetchable http(s) URL. */
function parseHttpUrl(text: string, base?: URL): URL | string {
  let u: URL;
  try {
    u = new URL(text, base);
  } catch {
    return 'not a valid absolute URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `unsupported scheme "${u.protocol}" (only http and https)`;
  if (!u.hostname) return 'URL has no host';
  u.hash = '';
  return u;
}

// ---------------------------------------------------------------------------------------------
// Options and results

export interface FetchOptions {
  /**
   * Time limit of one request, in ms: from sending it to the last byte of the body (connect, waiting
   * for headers, and a body that stalls or trickles all count). Time spent queued is not counted.
   * Default 30 000.
   */
  timeoutMs: number;
  /** Retries after the first attempt (network errors, timeouts, 5xx, 429). Default 3 (4 attempts at most). */
  retries: number;
  /**
   * Base of the exponential backoff, in ms: before retry n (1-based) wait backoffMs·2^(n−1), scaled by a
   * deterministic jitter factor in [0.5, 1) derived from the URL and n (no randomness), capped at 30 s.
   * Default 500.
   */
  backoffMs: number;
  /** Largest body accepted, in bytes, both as sent and after gzip/deflate/br decoding. Default 20 MiB. */
  maxBytes: number;
  /** Requests in flight at once to one host (host:port). Default 2. */
  perHost: number;
  /** User-Agent header. Default `zhengce/<version>`. */
  userAgent: string;
  /** Cancels everything: queued and in-flight fetches end as failed 'aborted'. */
  signal?: AbortSignal;
  /** Requests in flight at once over all hosts. Default 8. */
  maxConcurrent?: number;
  /**
   * Longest Retry-After (on 429/5xx) honoured, in ms. A server asking for a longer wait is not retried
   * (the failure is returned at once). Default 60 000.
   */
  maxRetryAfterMs?: number;
}

/** Redirects followed at most per attempt. */
export const MAX_REDIRECTS = 5;
/** Upper bound of one backoff wait, in ms. */
export const MAX_BACKOFF_MS = 30_000;

/** The defaults of every option (the User-Agent carries the installed zhengce version). */
export function defaultFetchOptions(): Required<Omit<FetchOptions, 'signal'>> {
  return {
    timeoutMs: 30_000,
    retries: 3,
    backoffMs: 500,
    maxBytes: 20 * 1024 * 1024,
    perHost: 2,
    userAgent: `zhengce/${zhengceVersion()}`,
    maxConcurrent: 8,
    maxRetryAfterMs: 60_000,
  };
}

/**
 * Outcome of one fetch. `fetch` never rejects.
 *
 * Failure codes (stable): `bad-url`, `http-<status>` (e.g. `http-404`, `http-500`, `http-429`, also an
 * unusable 3xx), `timeout`, `too-large`, `network-error`, `decode-error` (corrupt gzip/deflate/br body),
 * `too-many-redirects`, `bad-redirect` (Location missing a usable http(s) URL), `aborted` (signal or close()).
 */
export type FetchResult =
  | {
      /** The final URL, after redirects. */
      url: string;
      status: 'fetched';
      /** The body, decoded from its Content-Encoding. */
      bytes: Uint8Array;
      etag: string | null;
      lastModified: string | null;
      contentType: string | null;
      /** A safe file name whose extension picks the extractor (see fileNameFor). */
      fileName: string;
    }
  | { url: string; status: 'not-modified' }
  | { url: string; status: 'failed'; code: string; message: string };

export type HttpValidators = { etag: string | null; lastModified: string | null };

// ---------------------------------------------------------------------------------------------
// File names

const MIME_EXTENSIONS: Readonly<Record<string, string>> = {
  'text/html': '.html',
  'application/xhtml+xml': '.html',
  'application/pdf': '.pdf',
  'application/x-pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'text/plain': '.txt',
  'application/msword': '.doc',
};

/** Extensions the extractors read (kept as they are when they agree with the content). */
const KNOWN_EXTENSIONS = new Set(['.html', '.htm', '.pdf', '.docx', '.txt', '.text']);
const SAME_KIND: Readonly<Record<string, readonly string[]>> = {
  '.html': ['.html', '.htm'],
  '.txt': ['.txt', '.text'],
};

/**
 * A file name for fetched content whose extension tells the pipeline which extractor to use.
 * Base name: Content-Disposition filename, else the last URL path segment (percent-decoded), else
 * `index`. Extension, first that applies: the bytes' signature for PDF (`%PDF-`) and DOCX (a ZIP
 * with `word/`); the Content-Type (text/html → .html, application/pdf → .pdf, the DOCX type → .docx,
 * text/plain → .txt); the name's own extension if the extractors support it; `.html` if the bytes
 * look like HTML. A dynamic-page extension (`show.jsp`) is replaced, not kept (`show.html`).
 */
export function fileNameFor(
  url: string,
  contentType: string | null,
  contentDisposition: string | null = null,
  bytes: Uint8Array = new Uint8Array(),
): string {
  let base = (contentDisposition && dispositionFileName(contentDisposition)) || '';
  if (!base) {
    let segment = '';
    try {
      segment = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    } catch {
      segment = '';
    }
    base = safeDecode(segment);
  }
  base = sanitizeFileName(base) || 'index';
  const current = path.extname(base).toLowerCase();
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const wanted = sniffBinary(bytes) ?? MIME_EXTENSIONS[mime] ?? (KNOWN_EXTENSIONS.has(current) ? current : null) ?? sniffHtml(bytes);
  if (!wanted) return base;
  if ((SAME_KIND[wanted] ?? [wanted]).includes(current)) return base;
  // Replace a short alphabetic extension (.jsp, .aspx, .do, a wrong .pdf); append to anything else.
  const stem = /^\.[a-z][a-z0-9]{0,5}$/.test(current) ? base.slice(0, -current.length) : base;
  return `${stem || 'index'}${wanted}`;
}

function sniffBinary(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 65536));
  if (head.subarray(0, 1024).includes('%PDF-')) return '.pdf';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04 && head.includes('word/')) return '.docx';
  return null;
}

function sniffHtml(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString('latin1');
  return /^\s*(?:\uFEFF|\u00EF\u00BB\u00BF)?\s*<(?:!doctype\s+html|html|head|body|meta)\b/i.test(head) ? '.html' : null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The filename of a Content-Disposition header (filename* first), decoded; '' if none. */
function dispositionFileName(header: string): string {
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    const charset = star[1].trim().toLowerCase() || 'utf-8';
    const raw = star[2].trim().replace(/^"|"$/g, '');
    try {
      const bytes = Buffer.from(raw.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return new TextDecoder(charset).decode(bytes);
    } catch {
      return safeDecode(raw);
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  if (!plain) return '';
  let name = (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1').trim();
  // Node hands header bytes over as latin1: re-read them as UTF-8, else GBK (common on Chinese sites).
  if (/[\u0080-\u00ff]/.test(name)) {
    const bytes = Buffer.from(name, 'latin1');
    const utf8 = bytes.toString('utf8');
    if (!utf8.includes('\uFFFD')) name = utf8;
    else {
      try {
        name = new TextDecoder('gbk', { fatal: true }).decode(bytes);
      } catch {
        /* keep latin1 */
      }
    }
  }
  if (/%[0-9a-f]{2}/i.test(name)) name = safeDecode(name);
  return name;
}

function sanitizeFileName(name: string): string {
  let s = name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  if (s.length > 150) {
    const ext = path.extname(s).slice(0, 10);
    s = s.slice(0, 150 - ext.length) + ext;
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Backoff and Retry-After

/**
 * The wait before retry `retry` (1-based): backoffMs·2^(retry−1) times a jitter factor in [0.5, 1)
 * from a hash of the URL and the retry number (deterministic: the same inputs give the same wait,
 * different URLs spread out), capped at MAX_BACKOFF_MS.
 */
export function backoffDelay(url: string, retry: number, backoffMs: number): number {
  if (backoffMs <= 0) return 0;
  const base = Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** Math.max(0, retry - 1));
  return Math.round(base * (0.5 + 0.5 * hashUnit(`${url}#${retry}`)));
}

/** FNV-1a 32-bit hash of a string, mapped to [0, 1). */
function hashUnit(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

/** Retry-After (delta-seconds or HTTP-date) in ms from now; null if absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

// ---------------------------------------------------------------------------------------------
// Fetcher

type Failure = { kind: 'fail'; code: string; message: string; retryable: boolean; retryAfterMs?: number | null };
type HopOutcome =
  | Failure
  | { kind: 'redirect'; location: string | undefined; status: number }
  | { kind: 'not-modified' }
  | {
      kind: 'fetched';
      bytes: Uint8Array;
      etag: string | null;
      lastModified: string | null;
      contentType: string | null;
      contentDisposition: string | null;
    };

const ACCEPT = [
  'text/html',
  'application/xhtml+xml',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain;q=0.9',
  '*/*;q=0.5',
].join(',');


const fail = (code: string, message: string, retryable: boolean, retryAfterMs?: number | null): Failure => ({
  kind: 'fail',
  code,
  message,
  retryable,
  retryAfterMs,
});

/** A header value Node accepts (validators come from storage and must not break the request). */
function headerSafe(v: string | null | undefined): v is string {
  return typeof v === 'string' && v.length > 0 && v.length < 8192 && /^[\t\x20-\x7e\x80-\xff]+$/.test(v);
}

function hostKey(u: URL): string {
  return `${u.protocol}//${u.host}`;
}

export class UrlFetcher {
  readonly options: Readonly<Required<Omit<FetchOptions, 'signal'>>>;
  readonly #queues = new Map<string, PQueue>();
  readonly #all: PQueue;
  readonly #httpAgent: http.Agent;
  readonly #httpsAgent: https.Agent;
  /** Aborted by close() or by options.signal. */
  readonly #abort = new AbortController();
  readonly #external?: AbortSignal;
  readonly #onExternalAbort = () => this.#abort.abort();

  constructor(opts: Partial<FetchOptions> = {}) {
    const defaults = defaultFetchOptions();
    const defined = Object.fromEntries(Object.entries(opts).filter(([k, v]) => v !== undefined && k !== 'signal'));
    const o = { ...defaults, ...defined } as Required<Omit<FetchOptions, 'signal'>>;
    const check = (name: string, v: number, min: number, integer: boolean) => {
      if (!Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
        throw new RangeError(`FetchOptions.${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${v}`);
      }
    };
    check('timeoutMs', o.timeoutMs, 1, false);
    check('retries', o.retries, 0, true);
    check('backoffMs', o.backoffMs, 0, false);
    check('maxBytes', o.maxBytes, 1, true);
    check('perHost', o.perHost, 1, true);
    check('maxConcurrent', o.maxConcurrent, 1, true);
    check('maxRetryAfterMs', o.maxRetryAfterMs, 0, false);
    if (!headerSafe(o.userAgent)) throw new RangeError('FetchOptions.userAgent must be a non-empty header-safe string');
    this.options = Object.freeze(o);
    this.#all = new PQueue({ concurrency: o.maxConcurrent });
    const agentOptions = { keepAlive: true, keepAliveMsecs: 1000, scheduling: 'lifo' as const, timeout: 60_000 };
    this.#httpAgent = new http.Agent(agentOptions);
    this.#httpsAgent = new https.Agent(agentOptions);
    this.#external = opts.signal;
    if (opts.signal) {
      if (opts.signal.aborted) this.#abort.abort();
      else opts.signal.addEventListener('abort', this.#onExternalAbort, { once: true });
    }
  }

  /**
   * Fetch one URL. With validators, the request is conditional (If-None-Match / If-Modified-Since)
   * and a 304 gives 'not-modified'. Never rejects: every problem is a 'failed' result.
   */
  async fetch(url: string, validators: HttpValidators | null): Promise<FetchResult> {
    const parsed = parseHttpUrl(url);
    if (typeof parsed === 'string') return { url, status: 'failed', code: 'bad-url', message: `${url}: ${parsed}` };
    const signal = this.#abort.signal;
    let last: Failure | null = null;
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (signal.aborted) return this.#failed(url, fail('aborted', 'fetch aborted', false));
      if (attempt > 0 && last) {
        // Retry-After (already checked against the cap) is a minimum: never retry sooner than the backoff.
        const wait = Math.max(last.retryAfterMs ?? 0, backoffDelay(parsed.href, attempt, this.options.backoffMs));
        await sleep(wait, signal);
        if (signal.aborted) return this.#failed(url, fail('aborted', 'fetch aborted', false));
      }
      const outcome = await this.#attempt(parsed, validators);
      if ('status' in outcome) return outcome;
      last = outcome;
      if (!outcome.retryable) break;
      if (outcome.retryAfterMs != null && outcome.retryAfterMs > this.options.maxRetryAfterMs) {
        last = { ...outcome, message: `${outcome.message}; Retry-After ${Math.ceil(outcome.retryAfterMs / 1000)} s exceeds the ${this.options.maxRetryAfterMs} ms cap, not retried` };
        break;
      }
    }
    const tries = last?.retryable ? ` (after ${this.options.retries + 1} attempts)` : '';
    return this.#failed(url, last ? { ...last, message: last.message + tries } : fail('network-error', 'no attempt made', false));
  }

  /**
   * Stop: queued and in-flight fetches end as 'aborted', and the keep-alive sockets are closed.
   * Safe to call more than once; fetches after it fail with 'aborted'.
   */
  async close(): Promise<void> {
    this.#abort.abort();
    this.#external?.removeEventListener('abort', this.#onExternalAbort);
    for (const q of this.#queues.values()) q.clear();
    this.#all.clear();
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  #failed(url: string, f: Failure): FetchResult {
    return { url, status: 'failed', code: f.code, message: f.message };
  }

  #queueFor(u: URL): PQueue {
    const key = hostKey(u);
    let q = this.#queues.get(key);
    if (!q) {
      q = new PQueue({ concurrency: this.options.perHost });
      this.#queues.set(key, q);
    }
    return q;
  }

  /** One attempt: the request and up to MAX_REDIRECTS redirects, each hop queued on its own host. */
  async #attempt(start: URL, validators: HttpValidators | null): Promise<FetchResult | Failure> {
    const signal = this.#abort.signal;
    let current = start;
    for (let hop = 0; ; hop++) {
      let outcome: HopOutcome;
      try {
        const target = current;
        outcome = await this.#queueFor(target).add(() => this.#all.add(() => this.#request(target, validators), { signal }), { signal });
      } catch {
        // p-queue rejects queued tasks when the signal aborts; #request itself never rejects.
        return fail('aborted', 'fetch aborted', false);
      }
      switch (outcome.kind) {
        case 'fail':
          return outcome;
        case 'not-modified':
          return { url: current.href, status: 'not-modified' };
        case 'fetched':
          return {
            url: current.href,
            status: 'fetched',
            bytes: outcome.bytes,
            etag: outcome.etag,
            lastModified: outcome.lastModified,
            contentType: outcome.contentType,
            fileName: fileNameFor(current.href, outcome.contentType, outcome.contentDisposition, outcome.bytes),
          };
        case 'redirect': {
          if (!outcome.location) return fail(`http-${outcome.status}`, `HTTP ${outcome.status} without Location at ${current.href}`, false);
          const next = parseHttpUrl(outcome.location, current);
          if (typeof next === 'string') return fail('bad-redirect', `redirect from ${current.href} to "${outcome.location}": ${next}`, false);
          if (hop + 1 > MAX_REDIRECTS) return fail('too-many-redirects', `more than ${MAX_REDIRECTS} redirects from ${start.href}`, false);
          current = next;
          break;
        }
      }
    }
  }

  /** One HTTP GET: resolves with its outcome, never rejects. The socket is destroyed on any failure. */
  #request(u: URL, validators: HttpValidators | null): Promise<HopOutcome> {
    const { timeoutMs, maxBytes, userAgent } = this.options;
    const signal = this.#abort.signal;
    if (signal.aborted) return Promise.resolve(fail('aborted', 'fetch aborted', false));
    const headers: Record<string, string> = {
      'user-agent': userAgent,
      accept: ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
    };
    if (headerSafe(validators?.etag)) headers['if-none-match'] = validators.etag;
    if (headerSafe(validators?.lastModified)) headers['if-modified-since'] = validators.lastModified;
    const isHttps = u.protocol === 'https:';

    return new Promise<HopOutcome>((resolve) => {
      let settled = false;
      let req: http.ClientRequest | null = null;
      let res: http.IncomingMessage | null = null;
      let decoded: Readable | null = null;
      const finish = (outcome: HopOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (outcome.kind !== 'fetched') {
          decoded?.destroy();
          res?.destroy();
          req?.destroy();
        }
        resolve(outcome);
      };
      const onAbort = () => finish(fail('aborted', 'fetch aborted', false));
      const timer = setTimeout(
        () => finish(fail('timeout', `no complete response from ${u.href} within ${timeoutMs} ms`, true)),
        timeoutMs,
      );
      signal.addEventListener('abort', onAbort, { once: true });

      try {
        req = (isHttps ? https : http).request(u, {
          method: 'GET',
          headers,
          agent: isHttps ? this.#httpsAgent : this.#httpAgent,
        });
      } catch (e) {
        finish(fail('network-error', `${u.href}: ${(e as Error).message}`, false));
        return;
      }
      req.on('error', (e: NodeJS.ErrnoException) => {
        finish(fail('network-error', `${u.href}: ${e.code ? `${e.code} ` : ''}${e.message}`, true));
      });
      req.on('response', (response) => {
        res = response;
        const status = response.statusCode ?? 0;
        const header = (name: string): string | null => {
          const v = response.headers[name];
          return (Array.isArray(v) ? v[0] : v) ?? null;
        };
        if (status === 304) return finish({ kind: 'not-modified' });
        if (status >= 300 && status < 400) {
          return finish({ kind: 'redirect', status, location: header('location') ?? undefined });
        }
        if (status < 200 || status >= 300) {
          const retryable = status >= 500 || status === 429;
          const retryAfter = retryable ? parseRetryAfter(header('retry-after') ?? undefined) : null;
          return finish(fail(`http-${status}`, `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} from ${u.href}`, retryable, retryAfter));
        }
        const announced = header('content-length');
        if (announced !== null && /^\d+$/.test(announced.trim()) && Number(announced) > maxBytes) {
          return finish(fail('too-large', `${u.href}: Content-Length ${announced} exceeds the ${maxBytes}-byte limit`, false));
        }

        const tooLarge = (what: string) => fail('too-large', `${u.href}: ${what} exceeds the ${maxBytes}-byte limit; aborted`, false);
        let raw = 0;
        response.on('data', (chunk: Buffer) => {
          raw += chunk.length;
          if (raw > maxBytes) finish(tooLarge('body'));
        });
        const encoding = (header('content-encoding') ?? 'identity').trim().toLowerCase();
        let decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null = null;
        if (encoding === 'gzip' || encoding === 'x-gzip') decoder = zlib.createGunzip();
        else if (encoding === 'deflate') decoder = zlib.createInflate();
        else if (encoding === 'br') decoder = zlib.createBrotliDecompress();
        else if (encoding !== 'identity' && encoding !== '') {
          return finish(fail('decode-error', `${u.href}: unsupported Content-Encoding "${encoding}"`, false));
        }
        let decodeFailed = false;
        if (decoder) {
          decoder.on('error', () => {
            decodeFailed = true;
          });
          decoded = pipeline(response, decoder, () => {});
        } else {
          decoded = response;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        decoded.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) return finish(tooLarge(decoder ? 'decoded body' : 'body'));
          chunks.push(chunk);
        });
        decoded.on('error', (e: NodeJS.ErrnoException) => {
          if (decodeFailed) finish(fail('decode-error', `${u.href}: corrupt ${encoding} body: ${e.message}`, false));
          else finish(fail('network-error', `${u.href}: body interrupted: ${e.code ? `${e.code} ` : ''}${e.message}`, true));
        });
        response.on('aborted', () => finish(fail('network-error', `${u.href}: connection closed before the body ended`, true)));
        decoded.on('end', () => {
          if (!response.complete) return finish(fail('network-error', `${u.href}: connection closed before the body ended`, true));
          const bytes = new Uint8Array(Buffer.concat(chunks, size));
          finish({
            kind: 'fetched',
            bytes,
            etag: header('etag'),
            lastModified: header('last-modified'),
            contentType: header('content-type'),
            contentDisposition: header('content-disposition'),
          });
        });
      });
      req.end();
    });
  }
}

/** Wait `ms`, or less if the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
