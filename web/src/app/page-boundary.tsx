import { Component, Fragment, type ReactNode } from 'react';

/** A page's code could not be loaded: the server is unreachable, or a new version replaced it. */
export class PageLoadError extends Error {
  override name = 'PageLoadError';
}

interface Props {
  children: ReactNode;
  /** Another value (the user went to another page) clears the error shown. */
  resetKey: string;
}

interface State {
  error: Error | null;
  resetKey: string;
  /** Grows on every retry, so the page mounts anew and reads its data again. */
  attempt: number;
}

/**
 * Shows a page's failure in place of the page, with a retry, and keeps the rest of the app (the
 * navigation, the profile picker) working. A page whose code failed to load is retried by
 * loading the app again: its file may have changed with a new version of the server.
 */
export class PageBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }

  private readonly retry = (): void => {
    if (this.state.error instanceof PageLoadError) window.location.reload();
    else this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));
  };

  override render(): ReactNode {
    const { error, attempt } = this.state;
    if (!error) return <Fragment key={attempt}>{this.props.children}</Fragment>;
    return (
      <section className="panel" role="alert" data-testid="page-error">
        <h1>This page could not be shown</h1>
        <p className="error">
          {error instanceof PageLoadError
            ? `Its code could not be loaded from the server (${error.message}).`
            : error.message || String(error)}
        </p>
        <button type="button" onClick={this.retry}>
          Try again
        </button>
      </section>
    );
  }
}
