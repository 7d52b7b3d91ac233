import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { type ApiClient, api, type Page } from "./api.js";

/**
 * A list the API pages newest first (`?limit=`, then `&before=` the last page's cursor), and its
 * rows so far. Lazy pages only: it keeps the infinite query out of the first page's JavaScript.
 */
export function usePages<P extends Page<unknown>>(options: {
  queryKey: readonly unknown[];
  /** The list's address with its page size: "/invoices?limit=20". */
  path: string;
  /** Another caller than the session (the operator console's token). */
  client?: ApiClient;
  enabled?: boolean;
  /** Read again each time it is shown: others add to it (deliveries, e-mail). */
  always?: boolean;
  /** Read again every 5 seconds while a row of the newest page is still on its way. */
  settling?: (row: P["data"][number]) => boolean;
  /** The rows stay while another filter's first page loads. */
  keepPrevious?: boolean;
}) {
  const client = options.client ?? api;
  const { settling } = options;
  const query = useInfiniteQuery({
    queryKey: options.queryKey,
    queryFn: ({ pageParam }) => client.get<P>(`${options.path}${pageParam ? `&before=${pageParam}` : ""}`),
    initialPageParam: 0,
    getNextPageParam: (last: P) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
    refetchOnMount: options.always ? "always" : true,
    refetchInterval: (current) =>
      settling && current.state.data?.pages[0]?.data.some(settling) ? 5_000 : false,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
  const rows: P["data"] = query.data?.pages.flatMap((page) => page.data) ?? [];
  return { query, rows };
}
