/**
 * Runs tasks one after another, in the order they were given: for a check and the change that
 * depends on it (the last admin, the last owner, a quota), so that two requests cannot both pass
 * the check before either changes anything. Within one process only.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` once every task given before it has settled; a failed task does not stop the next. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
