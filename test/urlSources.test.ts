import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import {
  MAX_REDIRECTS,
  UrlFetcher,
  backoffDelay,
  defaultFetchOptions,
  fileNameFor,
  parseRetryAfter,
  readUrlList,
  type FetchOptions,
} from '../pipeline/urlSources.js';

// Every server here listens on 127.0.0.1 with port 0, and every request goes to it.

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;
interface TestServer {
  server: http.Server;
  base: string;
  /** Requests received so far. */
  count: () => number;
  /** Request headers, in arrival order. */
  headers: http.IncomingHttpHeaders[];
}

const servers: http.Server[] = [];
const fetchers: UrlFetcher[] = [];
const timers = new Set<NodeJS.Timeout>();

async function serve(handler: Handler): Promise<TestServer> {
  let n = 0;
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    headers.push(req.headers);
    handler(req, res, n++);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}`, count: () => n, headers };
}

function fetcher(opts: Partial<FetchOptions> = {}): UrlFetcher {
  const f = new UrlFetcher({ timeoutMs: 2000, retries: 0, backoffMs: 5, ...opts });
  fetchers.push(f);
  return f;
}

/** A timer cleared in afterEach (for servers that stream slowly). */
function every(ms: number, fn: () => void): NodeJS.Timeout {
  const t = setInterval(fn, ms);
  timers.add(t);
  return t;
}

afterEach(async () => {
  for (const t of timers) clearInterval(t);
  timers.clear();
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

const PDF_BYTES = Buffer.from('%PDF-1.4\n% test\n');

describe('readUrlList', () => {
  it('keeps http(s) URLs in order, skips blanks and comments, drops duplicates and reports bad lines', () => {
    const text = [
      '\uFEFF# nightly list',
      'http://127.0.0.1:8080/a.html',
      '',
      '   ',
      'HTTP://127.0.0.1:8080/a.html#section', // same URL once normalised, fragment dropped
      'https://127.0.0.1/b.pdf   # inline comment',
      'ftp://127.0.0.1/c.txt',
      'not a url',
      '/relative/path.html',
      '  # indented comment',
      'http://127.0.0.1:80/d?x=1',
      'http://127.0.0.1/d?x=1', // duplicate: port 80 is the default
      'http://127.0.0.1/政策.html',
      'mailto:someone@127.0.0.1',
    ].join('\r\n');
    const { urls, errors } = readUrlList(text);
    expect(urls).toEqual([
      'http://127.0.0.1:8080/a.html',
      'https://127.0.0.1/b.pdf',
      'http://127.0.0.1/d?x=1',
      'http://127.0.0.1/%E6%94%BF%E7%AD%96.html',
    ]);
    expect(errors.map((e) => [e.line, e.text])).toEqual([
      [7, 'ftp://127.0.0.1/c.txt'],
      [8, 'not a url'],
      [9, '/relative/path.html'],
      [14, 'mailto:someone@127.0.0.1'],
    ]);
    expect(errors[0].reason).toMatch(/scheme "ftp:"/);
    expect(errors[1].reason).toMatch(/whitespace/);
    expect(errors[2].reason).toMatch(/not a valid absolute URL/);
  });

  it('returns nothing for an empty or comment-only list', () => {
    expect(readUrlList('')).toEqual({ urls: [], errors: [] });
    expect(readUrlList('# a\n\n#b\n')).toEqual({ urls: [], errors: [] });
  });
});

describe('options and helpers', () => {
  it('has the documented defaults', () => {
    const d = defaultFetchOptions();
    expect(d).toMatchObject({ timeoutMs: 30_000, retries: 3, backoffMs: 500, maxBytes: 20 * 1024 * 1024, perHost: 2, maxConcurrent: 8, maxRetryAfterMs: 60_000 });
    expect(d.userAgent).toMatch(/^zhengce\/\d+\.\d+\.\d+/);
    expect(new UrlFetcher().options).toMatchObject(d);
    expect(() => new UrlFetcher({ perHost: 0 })).toThrow(RangeError);
    expect(() => new UrlFetcher({ retries: 1.5 })).toThrow(RangeError);
    expect(() => new UrlFetcher({ timeoutMs: -1 })).toThrow(RangeError);
  });

  it('backs off exponentially with deterministic jitter in [0.5, 1) of the step', () => {
    for (let retry = 1; retry <= 4; retry++) {
      const step = 500 * 2 ** (retry - 1);
      const d = backoffDelay('http://127.0.0.1/a', retry, 500);
      expect(d).toBeGreaterThanOrEqual(step / 2);
      expect(d).toBeLessThan(step);
      expect(backoffDelay('http://127.0.0.1/a', retry, 500)).toBe(d);
    }
    const spread = new Set(['a', 'b', 'c', 'd', 'e'].map((p) => backoffDelay(`http://127.0.0.1/${p}`, 1, 1000)));
    expect(spread.size).toBeGreaterThan(1);
    expect(backoffDelay('http://127.0.0.1/a', 30, 500)).toBeLessThanOrEqual(30_000);
    expect(backoffDelay('http://127.0.0.1/a', 1, 0)).toBe(0);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 00:00:00 GMT', now)).toBe(0);
  });
});

describe('fileNameFor', () => {
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  it.each([
    ['http://127.0.0.1/show.jsp?id=1', 'text/html; charset=utf-8', 'show.html'],
    ['http://127.0.0.1/notice.htm', 'text/html', 'notice.htm'],
    ['http://127.0.0.1/download?id=2', 'application/pdf', 'download.pdf'],
    ['http://127.0.0.1/file/3', DOCX, '3.docx'],
    ['http://127.0.0.1/readme', 'text/plain', 'readme.txt'],
    ['http://127.0.0.1/', 'text/html', 'index.html'],
    ['http://127.0.0.1/a.pdf', 'application/octet-stream', 'a.pdf'],
    ['http://127.0.0.1/a.pdf', 'text/html', 'a.html'], // an error page served at a .pdf address
    ['http://127.0.0.1/%E9%80%9A%E7%9F%A5.docx', null, '通知.docx'],
    ['http://127.0.0.1/policy.2024', 'text/html', 'policy.2024.html'],
    ['http://127.0.0.1/x.bin', null, 'x.bin'],
  ])('%s as %s → %s', (url, type, name) => {
    expect(fileNameFor(url, type)).toBe(name);
  });

  it('prefers Content-Disposition names and the bytes’ signature', () => {
    expect(fileNameFor('http://127.0.0.1/dl.jsp', 'application/pdf', "attachment; filename*=UTF-8''%E6%94%BF%E7%AD%96.pdf")).toBe('政策.pdf');
    expect(fileNameFor('http://127.0.0.1/dl.jsp', 'application/octet-stream', 'attachment; filename="a/b.pdf"')).toBe('a_b.pdf');
    expect(fileNameFor('http://127.0.0.1/dl.jsp', 'application/octet-stream', null, PDF_BYTES)).toBe('dl.pdf');
    expect(fileNameFor('http://127.0.0.1/dl', null, null, Buffer.from('<!DOCTYPE html><html></html>'))).toBe('dl.html');
  });
});

describe('UrlFetcher', () => {
  it('fetches with an ETag, then gets not-modified with If-None-Match', async () => {
    const s = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { ETag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { ETag: '"v1"', 'Content-Type': 'text/html; charset=utf-8' }).end('<html>政策</html>');
    });
    const f = fetcher();
    const first = await f.fetch(`${s.base}/notice/show.jsp?id=7`, null);
    expect(first).toMatchObject({ status: 'fetched', etag: '"v1"', lastModified: null, contentType: 'text/html; charset=utf-8', fileName: 'show.html' });
    if (first.status !== 'fetched') throw new Error('unreachable');
    expect(Buffer.from(first.bytes).toString('utf8')).toBe('<html>政策</html>');
    expect(s.headers[0]['if-none-match']).toBeUndefined();
    expect(s.headers[0]['user-agent']).toBe(defaultFetchOptions().userAgent);

    const second = await f.fetch(`${s.base}/notice/show.jsp?id=7`, { etag: first.etag, lastModified: first.lastModified });
    expect(second).toEqual({ url: `${s.base}/notice/show.jsp?id=7`, status: 'not-modified' });
    expect(s.headers[1]['if-none-match']).toBe('"v1"');
    expect(s.headers[1]['if-modified-since']).toBeUndefined();
    expect(s.count()).toBe(2);
  });

  it('uses Last-Modified / If-Modified-Since', async () => {
    const stamp = 'Wed, 01 May 2024 08:00:00 GMT';
    const s = await serve((req, res) => {
      if (req.headers['if-modified-since'] === stamp) res.writeHead(304).end();
      else res.writeHead(200, { 'Last-Modified': stamp, 'Content-Type': 'application/pdf' }).end(PDF_BYTES);
    });
    const f = fetcher();
    const first = await f.fetch(`${s.base}/files/a`, null);
    expect(first).toMatchObject({ status: 'fetched', etag: null, lastModified: stamp, fileName: 'a.pdf' });
    expect(await f.fetch(`${s.base}/files/a`, { etag: null, lastModified: stamp })).toMatchObject({ status: 'not-modified' });
    expect(s.headers[1]['if-modified-since']).toBe(stamp);
    // A stale validator gets the body again.
    expect(await f.fetch(`${s.base}/files/a`, { etag: null, lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' })).toMatchObject({ status: 'fetched' });
  });

  it('times out on a server that never answers, within the timeout and retry budget', async () => {
    const s = await serve(() => {
      /* accept, never answer */
    });
    const f = fetcher({ timeoutMs: 200, retries: 1, backoffMs: 10 });
    const t0 = Date.now();
    const r = await f.fetch(`${s.base}/hang`, null);
    const elapsed = Date.now() - t0;
    expect(r).toMatchObject({ status: 'failed', code: 'timeout' });
    expect(s.count()).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(2 * 200 + 10 + 1000);
  });

  it('times out on a body that stalls halfway', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '1000' });
      res.write('x'.repeat(100));
    });
    const t0 = Date.now();
    const r = await fetcher({ timeoutMs: 200 }).fetch(`${s.base}/stall.txt`, null);
    expect(r).toMatchObject({ status: 'failed', code: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('retries 5xx and succeeds when the server recovers', async () => {
    const s = await serve((_req, res, n) => {
      if (n < 2) res.writeHead(500).end('boom');
      else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
    const r = await fetcher({ retries: 3, backoffMs: 10 }).fetch(`${s.base}/flaky`, null);
    expect(r).toMatchObject({ status: 'fetched', fileName: 'flaky.txt' });
    expect(s.count()).toBe(3);
  });

  it('gives up with http-500 after the last retry', async () => {
    const s = await serve((_req, res) => res.writeHead(500).end());
    const r = await fetcher({ retries: 2, backoffMs: 5 }).fetch(`${s.base}/down`, null);
    expect(r).toMatchObject({ status: 'failed', code: 'http-500' });
    expect(s.count()).toBe(3);
  });

  it('never retries a 404', async () => {
    const s = await serve((_req, res) => res.writeHead(404).end('missing'));
    const r = await fetcher({ retries: 3, backoffMs: 5 }).fetch(`${s.base}/gone.html`, null);
    expect(r).toMatchObject({ status: 'failed', code: 'http-404', url: `${s.base}/gone.html` });
    expect(s.count()).toBe(1);
  });

  it('honours Retry-After on 429, and gives up when it is above the cap', async () => {
    const s = await serve((_req, res, n) => {
      if (n === 0) res.writeHead(429, { 'Retry-After': '1' }).end();
      else res.writeHead(200).end('ok');
    });
    const t0 = Date.now();
    const ok = await fetcher({ retries: 1, backoffMs: 5 }).fetch(`${s.base}/busy`, null);
    expect(ok).toMatchObject({ status: 'fetched' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(s.count()).toBe(2);

    const s2 = await serve((_req, res) => res.writeHead(429, { 'Retry-After': '3600' }).end());
    const t1 = Date.now();
    const no = await fetcher({ retries: 3, backoffMs: 5 }).fetch(`${s2.base}/busy`, null);
    expect(no).toMatchObject({ status: 'failed', code: 'http-429' });
    if (no.status === 'failed') expect(no.message).toMatch(/cap/);
    expect(s2.count()).toBe(1);
    expect(Date.now() - t1).toBeLessThan(1000);
  });

  it('aborts a slowly streamed body as soon as it exceeds maxBytes', async () => {
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const total = 200; // 3.2 MB over 2 s if nobody stops it
    let written = 0;
    let closedAt: number | null = null;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' }); // chunked: no Content-Length to go by
      res.on('close', () => {
        closedAt = written;
      });
      const t = every(10, () => {
        if (res.destroyed || written >= total) {
          clearInterval(t);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(chunk);
        written++;
      });
    });
    const t0 = Date.now();
    const r = await fetcher({ maxBytes: 64 * 1024 }).fetch(`${s.base}/big.txt`, null);
    expect(r).toMatchObject({ status: 'failed', code: 'too-large' });
    expect(Date.now() - t0).toBeLessThan(1500);
    await expect.poll(() => closedAt, { timeout: 2000 }).not.toBeNull();
    expect(closedAt).toBeLessThan(total / 4);
    expect(s.count()).toBe(1); // too-large is not retried
  });

  it('rejects an announced Content-Length above the limit without reading the body', async () => {
    let closed = false;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': String(10_000_000) });
      res.write(PDF_BYTES);
      res.on('close', () => {
        closed = true;
      });
    });
    const t0 = Date.now();
    const r = await fetcher({ maxBytes: 1_000_000, retries: 2 }).fetch(`${s.base}/huge.pdf`, null);
    expect(r).toMatchObject({ status: 'failed', code: 'too-large' });
    if (r.status === 'failed') expect(r.message).toMatch(/Content-Length 10000000/);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(s.count()).toBe(1);
    await expect.poll(() => closed, { timeout: 2000 }).toBe(true);
  });

  it('decodes gzip bodies and limits the decoded size', async () => {
    const html = Buffer.from(`<html>${'通知'.repeat(1000)}</html>`);
    const bomb = zlib.gzipSync(Buffer.alloc(5_000_000));
    const s = await serve((req, res) => {
      const body = req.url === '/bomb' ? bomb : zlib.gzipSync(html);
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip', 'Content-Length': String(body.length) }).end(body);
    });
    const f = fetcher({ maxBytes: 100_000 });
    const ok = await f.fetch(`${s.base}/page`, null);
    expect(ok.status).toBe('fetched');
    if (ok.status === 'fetched') expect(Buffer.from(ok.bytes).equals(html)).toBe(true);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await f.fetch(`${s.base}/bomb`, null)).toMatchObject({ status: 'failed', code: 'too-large' });
    expect(s.headers[0]['accept-encoding']).toMatch(/gzip/);
  });

  it('keeps at most perHost requests in flight to one host', async () => {
    let inFlight = 0;
    let peak = 0;
    const s = await serve((_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      }, 60);
    });
    const f = fetcher({ perHost: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => f.fetch(`${s.base}/n${i}`, null)));
    expect(results.every((r) => r.status === 'fetched')).toBe(true);
    expect(s.count()).toBe(6);
    expect(peak).toBe(2);
  });

  it('limits per host, not overall, and applies maxConcurrent across hosts', async () => {
    let inFlight = 0;
    let peak = 0;
    const handler: Handler = (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200).end('ok');
      }, 60);
    };
    const a = await serve(handler);
    const b = await serve(handler);
    const urls = [a, b, a, b].map((s, i) => `${s.base}/p${i}`);
    const f1 = fetcher({ perHost: 1 });
    await Promise.all(urls.map((u) => f1.fetch(u, null)));
    expect(peak).toBe(2); // one per host, both hosts at once

    peak = 0;
    const f2 = fetcher({ perHost: 2, maxConcurrent: 1 });
    await Promise.all(urls.map((u) => f2.fetch(u, null)));
    expect(peak).toBe(1);
    expect(a.count() + b.count()).toBe(8);
  });

  it('follows redirects up to the limit and reports the final URL', async () => {
    const s = await serve((req, res) => {
      const m = /^\/r(\d+)$/.exec(req.url ?? '');
      if (m && Number(m[1]) > 0) res.writeHead(302, { Location: `/r${Number(m[1]) - 1}` }).end();
      else if (req.url === '/ftp') res.writeHead(301, { Location: 'ftp://127.0.0.1/x' }).end();
      else if (req.url === '/nowhere') res.writeHead(302).end();
      else res.writeHead(200, { 'Content-Type': 'application/pdf' }).end(PDF_BYTES);
    });
    const f = fetcher();
    expect(await f.fetch(`${s.base}/r${MAX_REDIRECTS}`, null)).toMatchObject({ status: 'fetched', url: `${s.base}/r0`, fileName: 'r0.pdf' });
    expect(await f.fetch(`${s.base}/r${MAX_REDIRECTS + 1}`, null)).toMatchObject({ status: 'failed', code: 'too-many-redirects' });
    expect(await f.fetch(`${s.base}/ftp`, null)).toMatchObject({ status: 'failed', code: 'bad-redirect' });
    expect(await f.fetch(`${s.base}/nowhere`, null)).toMatchObject({ status: 'failed', code: 'http-302' });
    // Validators travel with the redirect; a 304 at the end is not-modified at the final URL.
    const s2 = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { Location: '/new' }).end();
      else res.writeHead(req.headers['if-none-match'] === '"e"' ? 304 : 200).end();
    });
    expect(await f.fetch(`${s2.base}/old`, { etag: '"e"', lastModified: null })).toEqual({ url: `${s2.base}/new`, status: 'not-modified' });
  });

  it('fails bad URLs without a request, and connection errors as network-error', async () => {
    const f = fetcher({ retries: 1, backoffMs: 5 });
    expect(await f.fetch('ftp://127.0.0.1/a.txt', null)).toMatchObject({ status: 'failed', code: 'bad-url' });
    expect(await f.fetch('not a url', null)).toMatchObject({ status: 'failed', code: 'bad-url', url: 'not a url' });
    // A port nobody listens on any more.
    const s = await serve(() => {});
    const url = `${s.base}/x`;
    await new Promise<void>((resolve) => s.server.close(() => resolve()));
    expect(await f.fetch(url, null)).toMatchObject({ status: 'failed', code: 'network-error' });
  });

  it('reports a connection dropped mid-body as network-error and retries it', async () => {
    const s = await serve((req, res, n) => {
      if (n === 0) {
        res.writeHead(200, { 'Content-Length': '1000' });
        res.write('partial');
        setTimeout(() => req.socket.destroy(), 20);
      } else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('whole');
    });
    expect(await fetcher({ retries: 0 }).fetch(`${s.base}/a`, null)).toMatchObject({ status: 'failed', code: 'network-error' });
    const r = await fetcher({ retries: 1, backoffMs: 5 }).fetch(`${s.base}/a`, null);
    expect(r).toMatchObject({ status: 'fetched' });
  });

  it('close() and the signal abort queued and in-flight fetches and close the sockets', async () => {
    let socketsClosed = 0;
    const s = await serve(() => {});
    s.server.on('connection', (sock) => sock.on('close', () => socketsClosed++));
    const ac = new AbortController();
    const f = fetcher({ perHost: 1, retries: 3, signal: ac.signal });
    const pending = [f.fetch(`${s.base}/1`, null), f.fetch(`${s.base}/2`, null)];
    await expect.poll(() => s.count(), { timeout: 1000 }).toBe(1);
    const t0 = Date.now();
    ac.abort();
    const results = await Promise.all(pending);
    expect(results.map((r) => r.status === 'failed' && r.code)).toEqual(['aborted', 'aborted']);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(s.count()).toBe(1); // the queued one never went out
    await expect.poll(() => socketsClosed, { timeout: 1000 }).toBe(1);
    expect(await f.fetch(`${s.base}/3`, null)).toMatchObject({ status: 'failed', code: 'aborted' });

    // close(): a keep-alive socket left after a completed fetch is closed.
    let closed2 = 0;
    const s2 = await serve((_req, res) => res.writeHead(200).end('ok'));
    s2.server.keepAliveTimeout = 60_000;
    s2.server.on('connection', (sock) => sock.on('close', () => closed2++));
    const g = fetcher();
    expect(await g.fetch(`${s2.base}/k`, null)).toMatchObject({ status: 'fetched' });
    await new Promise((r) => setTimeout(r, 50));
    expect(closed2).toBe(0);
    await g.close();
    await expect.poll(() => closed2, { timeout: 1000 }).toBe(1);
  });

  it('does not keep the process alive after fetching, even without close()', async () => {
    const s = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'));
    s.server.keepAliveTimeout = 60_000; // the server would hold the socket open for a minute
    const dir = await mkdtemp(path.join(tmpdir(), 'zhengce-urls-'));
    try {
      const script = path.join(dir, 'child.mts');
      const mod = pathToFileURL(path.resolve(__dirname, '..', 'pipeline', 'urlSources.ts')).href;
      await writeFile(
        script,
        `import { UrlFetcher } from ${JSON.stringify(mod)};\n` +
          `const r = await new UrlFetcher({ timeoutMs: 2000, retries: 0 }).fetch(${JSON.stringify(`${s.base}/child.txt`)}, null);\n` +
          `console.log('RESULT ' + r.status);\n`,
      );
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve(__dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let resultAt = 0;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!resultAt && out.includes('RESULT')) resultAt = Date.now();
      });
      const killer = setTimeout(() => child.kill(), 20_000);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      clearTimeout(killer);
      expect(out).toContain('RESULT fetched');
      expect(code).toBe(0);
      expect(Date.now() - resultAt).toBeLessThan(3000);
      expect(s.count()).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
