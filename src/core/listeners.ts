/** A list of callbacks told about one kind of change, in the order they were added. */
export class Listeners<Args extends unknown[]> {
  private readonly list: ((...args: Args) => void)[] = [];

  add(listener: (...args: Args) => void): void {
    this.list.push(listener);
  }

  emit(...args: Args): void {
    for (const listener of this.list) listener(...args);
  }
}
