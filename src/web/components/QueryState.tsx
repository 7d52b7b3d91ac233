import type { ReactNode } from "react";
import { ErrorState, Loading } from "./ui.js";

/** What QueryState reads of a TanStack query (a list's or a record's, paged or not). */
export interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
}

/**
 * A query's three states: a spinner while it loads, the error with a Retry when it failed, and
 * what `children` draws of its data once it is there.
 */
export function QueryState<T>(props: {
  query: QueryLike<T>;
  /** The spinner's words, "Loading invoices…". */
  loading: string;
  /** The error's title, "Invoices could not be loaded". */
  failed: string;
  /** No Retry: trying again cannot help (a used invitation). */
  final?: boolean;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending) return <Loading label={props.loading} />;
  if (query.isError) {
    return (
      <ErrorState
        error={query.error}
        title={props.failed}
        onRetry={props.final ? undefined : () => query.refetch()}
      />
    );
  }
  return <>{props.children(query.data as T)}</>;
}
