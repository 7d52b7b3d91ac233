import type { ReactNode } from "react";

/** A column's heading: its text, or the text with its cell classes ("num", "hide-narrow"). */
export type Column =
  | string
  | {
      label: string;
      className?: string;
      /** Read by screen readers only (an actions or PDF column). */
      hidden?: boolean;
      /** The name screen readers hear, where the label shows more ("→ After"). */
      ariaLabel?: string;
    };

/**
 * A table of rows under a row of column headings, scrolling sideways on a narrow screen; the
 * caption names it for screen readers. `children` are the body's rows.
 */
export function DataTable(props: {
  columns: Column[];
  caption?: string;
  className: string;
  testId?: string;
  busy?: boolean;
  /** No sideways scroll of its own (a table inside a card that lays it out). */
  inline?: boolean;
  children: ReactNode;
  foot?: ReactNode;
}) {
  const table = (
    <table className={props.className} data-testid={props.testId} aria-busy={props.busy}>
      {props.caption ? <caption className="visually-hidden">{props.caption}</caption> : null}
      <thead>
        <tr>
          {props.columns.map((column) => {
            const { label, className, hidden, ariaLabel } =
              typeof column === "string" ? { label: column } : column;
            return (
              <th key={label} scope="col" className={className} aria-label={ariaLabel}>
                {hidden ? <span className="visually-hidden">{label}</span> : label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
      {props.foot ? <tfoot>{props.foot}</tfoot> : null}
    </table>
  );
  return props.inline ? table : <div className="table-scroll">{table}</div>;
}

/** What LoadMore reads of an infinite query. */
export interface PagedLike {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The button under a paged list that fetches its next (older) page; nothing when there is none. */
export function LoadMore({ query, label = "Load older" }: { query: PagedLike; label?: string }) {
  if (!query.hasNextPage) return null;
  return (
    <button
      type="button"
      className="button"
      onClick={() => query.fetchNextPage()}
      disabled={query.isFetchingNextPage}
    >
      {query.isFetchingNextPage ? "Loading…" : label}
    </button>
  );
}

/** Reads a list again now (others add to it: deliveries, e-mail); says so while it does. */
export function RefreshButton({
  query,
}: {
  query: PagedLike & { isFetching: boolean; refetch: () => unknown };
}) {
  return (
    <button
      type="button"
      className="button button-small button-quiet"
      onClick={() => query.refetch()}
      disabled={query.isFetching}
    >
      {query.isFetching && !query.isFetchingNextPage ? "Refreshing…" : "Refresh"}
    </button>
  );
}
