// The servers' resident memory, sampled in the background so that a peak between two checkouts
// is not missed.

const INTERVAL_MS = 500

/**
 * Samples `rssBytes()` every 500 ms. peak() is the highest since start; a window (a cell, a stretch
 * of the soak) has its own highest and lowest: the lowest is near the heap after a garbage
 * collection, which a moment's sample may not be.
 */
export function memorySampler(rssBytes) {
  let peak = 0
  let window = { low: Infinity, high: 0 }
  const sample = () => {
    const now = rssBytes()
    peak = Math.max(peak, now)
    window.low = Math.min(window.low, now)
    window.high = Math.max(window.high, now)
    return now
  }
  sample()
  const timer = setInterval(sample, INTERVAL_MS)
  timer.unref()
  return {
    sample,
    peak: () => peak,
    /** Starts a window; answers the memory now. */
    openWindow() {
      window = { low: Infinity, high: 0 }
      return sample()
    },
    windowPeak: () => window.high,
    windowLow: () => window.low,
    stop: () => clearInterval(timer),
  }
}
