// The scan's progress bar: one line on a terminal's stderr, redrawn at most ten times a
// second, erased when the scan ends. Silent when stderr is not a terminal (pipes, CI, the
// Python API), so nothing but the final summary ever reaches a log.
// Does not: count anything itself; the coordinator tells it what finished.
import type { WriteStream } from 'tty';

const REDRAW_MS = 100;

export class Progress {
  private done = 0;
  private models = 0;
  private failed = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly tty: WriteStream | null;

  constructor(
    private readonly total: number,
    stream: NodeJS.WriteStream
  ) {
    this.tty = stream.isTTY ? (stream as WriteStream) : null;
  }

  file(models: number, failed: boolean): void {
    this.done++;
    this.models += models;
    if (failed) {
      this.failed++;
    }
    const now = Date.now();
    if (this.tty && (now - this.lastDraw >= REDRAW_MS || this.done === this.total)) {
      this.lastDraw = now;
      this.draw(now);
    }
  }

  /** Erases the bar (before the summary or an error message). */
  clear(): void {
    if (this.tty && this.lastDraw > 0) {
      this.tty.write('\r\x1b[2K');
    }
  }

  private draw(now: number): void {
    const tty = this.tty!;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const eta = rate > 0 ? Math.ceil((this.total - this.done) / rate) : null;
    const text = ` ${this.done}/${this.total} files · ${this.models} models · ${this.failed} failed · ${rate.toFixed(0)} files/s${eta !== null ? ` · ${eta} s left` : ''}`;
    const columns = tty.columns || 80;
    const barWidth = Math.max(10, Math.min(40, columns - text.length - 3));
    const filled = this.total > 0 ? Math.round((barWidth * this.done) / this.total) : barWidth;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${text}`;
    tty.write('\r\x1b[2K' + line.slice(0, columns - 1));
  }
}
