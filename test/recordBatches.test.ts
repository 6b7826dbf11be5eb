import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordBatches } from '../pipeline/recordBatches.js';

describe('RecordBatches', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const batches = (size = 4, gapMs = 25) => {
    const recorded: string[][] = [];
    const b = new RecordBatches<string>((k) => k, (list) => recorded.push(list), size, gapMs);
    return { b, recorded };
  };

  it('records a full batch at once and nothing before', () => {
    const { b, recorded } = batches();
    ['a', 'b', 'c'].forEach((k) => b.add(k));
    vi.advanceTimersByTime(1000);
    expect(recorded).toEqual([]);
    b.add('d');
    expect(recorded).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('records the batch holding the awaited source soon after it comes, or at once when it is there', () => {
    const { b, recorded } = batches();
    b.add('a');
    b.waitFor('b');
    vi.advanceTimersByTime(100);
    expect(recorded).toEqual([]);
    b.add('b');
    vi.advanceTimersByTime(0);
    expect(recorded).toEqual([['a', 'b']]);
    b.add('c');
    b.waitFor('c');
    vi.advanceTimersByTime(25);
    expect(recorded).toEqual([['a', 'b'], ['c']]);
  });

  it('keeps transactions for the awaited source at least the gap apart', () => {
    const { b, recorded } = batches(100, 25);
    b.waitFor('a');
    b.add('a');
    vi.advanceTimersByTime(0);
    expect(recorded).toHaveLength(1);
    b.waitFor('b');
    b.add('b');
    vi.advanceTimersByTime(10);
    b.waitFor('c');
    b.add('c');
    vi.advanceTimersByTime(10);
    expect(recorded).toHaveLength(1);
    vi.advanceTimersByTime(5);
    expect(recorded).toEqual([['a'], ['b', 'c']]);
  });

  it('records nothing after cancel, and flush records what is batched', () => {
    const { b, recorded } = batches();
    b.add('a');
    b.waitFor('a');
    b.cancel();
    vi.advanceTimersByTime(100);
    expect(recorded).toEqual([]);
    b.flush();
    b.flush();
    expect(recorded).toEqual([['a']]);
  });
});
