import { closeSync, constants, fstatSync, linkSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Spare files: the version of each output file that the last publish replaced, kept in a folder of
 * their own (`<out>/.zhengce/spare/`) for the next publish to write over in place. Their pages are
 * still in the page cache: writing over cached pages costs a small part of what new pages cost
 * (here 0.05 s against 1.1–1.9 s for 760 MB), which is most of a nightly run that changed little.
 *
 * - A published file is never written in place: only a version that is no longer published, taken
 *   from the folder by a rename (so two runs never share one), and only when nothing else links to
 *   it (a backup made with hard links keeps what it holds).
 * - A reader that still holds a file opened two publishes ago would see it change: the price of
 *   the spares, which `--no-spares` (SpareFiles.remove) gives back, with the disk space they take.
 */
export class SpareFiles {
  constructor(readonly dir: string) {}

  /** `name`'s spare (may not exist). */
  spareOf(name: string): string {
    return path.join(this.dir, name);
  }

  /**
   * Publishes `staged` as `file` (a rename), keeping the version it replaces as `file`'s spare:
   * linked first, so `file` is the old version or the new one at every moment. Where there is no
   * old version or no hard links, it is a plain rename.
   */
  replace(staged: string, file: string): void {
    const name = path.basename(file);
    const keep = path.join(this.dir, `.${name}.${process.pid}.keep`);
    let kept = false;
    try {
      mkdirSync(this.dir, { recursive: true });
      rmSync(keep, { force: true });
      linkSync(file, keep);
      kept = true;
    } catch {
      // no published version yet, or a file system without hard links: nothing to keep
    }
    try {
      renameSync(staged, file);
    } catch (e) {
      if (kept) rmSync(keep, { force: true });
      throw e;
    }
    if (!kept) return;
    try {
      renameSync(keep, this.spareOf(name));
    } catch {
      rmSync(keep, { force: true });
    }
  }

  /**
   * Removes what a killed publish left in the folder (a version linked there to be kept, whose
   * rename never came): a second name of a file no longer published, which would keep its disk
   * space and make it look linked elsewhere.
   */
  sweep(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) if (name.startsWith('.')) rmSync(path.join(this.dir, name), { force: true, recursive: true });
  }

  /** Deletes the spares (their disk space back; the next publish writes new files). */
  static remove(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Opens `tmp` to write a file from its start: `spare`, renamed to `tmp`, when it is there, is a
 * regular file (not a link) and no other name links to it; else a new, empty file. Returns the
 * descriptor. A spare holds old bytes past what is written: the writer truncates the file to its
 * length before it syncs.
 */
export function openForWriting(tmp: string, spare?: string): number {
  if (spare !== undefined) {
    let taken = false;
    try {
      renameSync(spare, tmp);
      taken = true;
      // not through a link: a spare that is a symbolic link is never followed
      const fd = openSync(tmp, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0));
      let usable = false;
      try {
        const st = fstatSync(fd);
        usable = st.isFile() && st.nlink === 1;
      } finally {
        if (!usable) closeSync(fd);
      }
      if (usable) return fd;
    } catch {
      // no spare (the first publish, or spares are off): a new file
    }
    // linked elsewhere too: only this name goes, what it links to stays as it is
    if (taken) rmSync(tmp, { force: true, recursive: true });
  }
  return openSync(tmp, 'w');
}
