// The lifetime of what is on screen: a lock screen or a section of the app.
//
// Everything a view starts that could outlive its elements (listeners on the
// document, observers, timers, debounced saves, answers still on their way from
// Rust) is tied to one AbortController. sections.js aborts it whenever the view
// goes, whatever the reason: navigation, the Lock button or Ctrl+L, idle lock,
// closing the window. Views keep their state inside their render call (closures or
// a context object), never in module variables, so once a view has ended nothing
// of the vault is reachable from it. (The journal editor's form is kept between
// entries, but emptied when each entry's editor ends: journal/editor.js.)

export class Life {
  #controller = new AbortController();
  #timers = new Set();
  #beforeLeave = [];

  /** The signal to pass to addEventListener, fetch-like APIs and debounce(). */
  get signal() {
    return this.#controller.signal;
  }

  get ended() {
    return this.#controller.signal.aborted;
  }

  /** Calls `fn` when the view ends (at once if it already has). */
  onEnd(fn) {
    if (this.ended) fn();
    else this.signal.addEventListener('abort', () => fn(), { once: true });
  }

  /** addEventListener for the length of the view. */
  listen(target, type, fn, options = {}) {
    target.addEventListener(type, fn, { ...options, signal: this.signal });
  }

  /** An observer (Intersection, Resize, Mutation) disconnected when the view ends. */
  observe(observer) {
    this.onEnd(() => observer.disconnect());
    return observer;
  }

  /** setTimeout that is cleared when the view ends. */
  timeout(fn, ms) {
    if (this.ended) return null;
    const id = setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, ms);
    this.#timers.add(id);
    return id;
  }

  /** setInterval that is cleared when the view ends. */
  interval(fn, ms) {
    if (this.ended) return null;
    const id = setInterval(fn, ms);
    this.#timers.add(-id - 1); // negative: an interval
    return id;
  }

  clearInterval(id) {
    clearInterval(id);
    this.#timers.delete(-id - 1);
  }

  /**
   * Resolves or rejects as `promise` does while the view lives; after the view has
   * ended it never settles, so an answer that arrives late draws nothing and keeps
   * nothing.
   */
  guard(promise) {
    return new Promise((resolve, reject) => {
      promise.then(
        (value) => { if (!this.ended) resolve(value); },
        (err) => { if (!this.ended) reject(err); },
      );
    });
  }

  /**
   * A step to finish before the view is left on purpose (navigation, Lock,
   * closing the window): saving what was typed. Not run after an idle lock: the
   * vault is closed by then.
   */
  beforeLeave(fn) {
    this.#beforeLeave.push(fn);
  }

  /** Runs the leave steps (failures are the view's to report), then ends. */
  async leave() {
    const steps = this.#beforeLeave.splice(0);
    for (const step of steps) {
      try {
        await step();
      } catch {
        // Leaving must never be blocked.
      }
    }
    this.end();
  }

  /**
   * A shorter life inside this one (one open journal entry, say): it ends when its
   * own end() is called or when this one ends, whichever comes first, and once it
   * has ended nothing of it stays attached here. Without it, what each part of a
   * view starts lives as long as the whole view.
   */
  child() {
    const child = new Life();
    if (this.ended) child.end();
    else this.signal.addEventListener('abort', () => child.end(), { once: true, signal: child.signal });
    return child;
  }

  /** Ends the view now: listeners removed, observers disconnected, timers cleared. */
  end() {
    if (this.ended) return;
    this.#beforeLeave.length = 0;
    for (const id of this.#timers) {
      if (id < 0) clearInterval(-id - 1);
      else clearTimeout(id);
    }
    this.#timers.clear();
    this.#controller.abort();
  }
}
