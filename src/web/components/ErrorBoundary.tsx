import { Component, type ErrorInfo, type ReactNode } from "react";
import { MessageText } from "./ui.js";

interface Props {
  /** Changes when the user goes elsewhere: a new page gets a fresh chance to render. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  resetKey: string;
}

/**
 * A page that throws while rendering (a bug, or a chunk that failed to load after a deploy) shows
 * a way out instead of a blank screen; the header and navigation stay usable around it.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { error: null, resetKey: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error("The page failed to render", error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="page">
        <h1>Something went wrong</h1>
        <div className="notice notice-error" role="alert" data-testid="page-error">
          <div className="notice-body">
            <strong className="notice-title">This page could not be shown</strong>
            <p>
              Nothing was changed. Reload the page to try again; if it keeps happening,{" "}
              <MessageText text="Contact support" />.
            </p>
          </div>
          <div className="notice-actions">
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload
            </button>
            <a href="/settings/billing">Go to Billing</a>
          </div>
        </div>
      </div>
    );
  }
}
