// Loaded on demand: the organization's own audit trail in plain words. The filters run on the
// server (GET /audit-events) and live in the address, so a filtered view can be shared; the CSV
// export is the server's, with the same filters (decision 0111).
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { type AuditEvent, categories, describeEvent, whereFrom } from "../../../core/activity.js";
import { ErrorState, Loading } from "../../components/ui.js";
import type { Page } from "../../lib/api.js";
import { api } from "../../lib/api.js";
import { dateTime } from "../../lib/format.js";
import { useUsers } from "../../lib/queries.js";
import { navigate, useSearch } from "../../lib/router.js";

const PAGE = 100;
const filterNames = ["area", "actorType", "actorId", "from", "to"] as const;
type Filters = Record<(typeof filterNames)[number], string>;

type Event = AuditEvent & { id: number };

const automaticActors = [
  { value: "api_key", label: "An API key" },
  { value: "scheduler", label: "WiseParts (automatic)" },
  { value: "operator", label: "WiseParts support" },
];

function filtersOf(search: string): Filters {
  const params = new URLSearchParams(search);
  return Object.fromEntries(filterNames.map((name) => [name, params.get(name) ?? ""])) as Filters;
}

function queryOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const name of filterNames) if (filters[name]) params.set(name, filters[name]);
  return params.toString();
}

export default function ActivityPage() {
  const filters = filtersOf(useSearch());
  const query = queryOf(filters);
  const rangeValid = !filters.from || !filters.to || filters.from <= filters.to;
  const events = useInfiniteQuery({
    queryKey: ["audit-events", query],
    queryFn: ({ pageParam }) =>
      api.get<Page<Event>>(
        `/audit-events?limit=${PAGE}${query ? `&${query}` : ""}${pageParam ? `&before=${pageParam}` : ""}`,
      ),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: rangeValid,
    // The table stays while the next filter loads, so the filters keep their place and focus.
    placeholderData: keepPreviousData,
  });
  const users = useUsers();
  const people = useMemo(
    () => new Map((users.data?.data ?? []).map((user) => [user.id, user.name || user.email])),
    [users.data],
  );
  const set = (changes: Partial<Filters>) => {
    const next = queryOf({ ...filters, ...changes });
    navigate(`/settings/activity${next ? `?${next}` : ""}`, { replace: true });
  };
  const person = filters.actorType
    ? `${filters.actorType}${filters.actorId ? `:${filters.actorId}` : ""}`
    : "";
  const setPerson = (value: string) => {
    const [actorType = "", actorId = ""] = value.split(":");
    set({ actorType, actorId });
  };
  const rows = events.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = query !== "";

  return (
    <div className="page">
      <header className="page-header">
        <p className="breadcrumb">
          <span>Settings</span> / <span>Activity</span>
        </p>
        <h1>Activity</h1>
        <p className="lead">Who changed what in your organization, when and from where.</p>
      </header>
      <div className="card">
        <search className="filters" aria-label="Filter activity">
          <div className="field">
            <label className="field-label" htmlFor="activity-category">
              Area
            </label>
            <select
              id="activity-category"
              value={filters.area}
              onChange={(event) => set({ area: event.target.value })}
            >
              <option value="">Everything</option>
              {categories.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="activity-person">
              Person
            </label>
            <select id="activity-person" value={person} onChange={(event) => setPerson(event.target.value)}>
              <option value="">Anyone</option>
              {[...people].map(([id, name]) => (
                <option key={id} value={`user:${id}`}>
                  {name}
                </option>
              ))}
              {automaticActors.map((actor) => (
                <option key={actor.value} value={actor.value}>
                  {actor.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-date">
            <label className="field-label" htmlFor="activity-from">
              From
            </label>
            <input
              id="activity-from"
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(event) => set({ from: event.target.value })}
              aria-invalid={!rangeValid || undefined}
              aria-describedby={rangeValid ? undefined : "activity-range-error"}
            />
          </div>
          <div className="field field-date">
            <label className="field-label" htmlFor="activity-to">
              To
            </label>
            <input
              id="activity-to"
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onChange={(event) => set({ to: event.target.value })}
              aria-invalid={!rangeValid || undefined}
              aria-describedby={rangeValid ? undefined : "activity-range-error"}
            />
          </div>
          <div className="filter-actions">
            {filtered ? (
              <button
                type="button"
                className="button"
                onClick={() => navigate("/settings/activity", { replace: true })}
              >
                Clear filters
              </button>
            ) : null}
            {rangeValid ? (
              <a
                className="button"
                href={`/api/v1/audit-events/export.csv${query ? `?${query}` : ""}`}
                download="activity.csv"
              >
                Export CSV
              </a>
            ) : null}
          </div>
        </search>
        {!rangeValid ? (
          <p className="field-error" id="activity-range-error" role="alert">
            The start must not be after the end.
          </p>
        ) : events.isPending ? (
          <Loading label="Loading activity…" />
        ) : events.isError ? (
          <ErrorState
            error={events.error}
            title="Activity could not be loaded"
            onRetry={() => events.refetch()}
          />
        ) : (
          <>
            <p className="muted small" role="status" data-testid="activity-count">
              {events.hasNextPage
                ? `${rows.length} events shown, older ones below`
                : filtered
                  ? `${rows.length === 1 ? "1 event matches" : `${rows.length} events match`} these filters`
                  : `${rows.length === 1 ? "1 event" : `${rows.length} events`}`}
            </p>
            {rows.length === 0 ? (
              <p className="muted">
                {filtered ? "Nothing matches these filters." : "Nothing has happened yet."}
              </p>
            ) : (
              <div className="table-scroll">
                <table
                  className="table table-stack activity-list"
                  data-testid="activity-list"
                  aria-busy={events.isFetching}
                >
                  <caption className="visually-hidden">Activity, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">What happened</th>
                      <th scope="col">When</th>
                      <th scope="col" className="hide-narrow">
                        From
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((event) => (
                      <tr key={event.id} data-testid="activity-row" data-action={event.action}>
                        <td>{describeEvent(event, people)}</td>
                        <td className="nowrap activity-when">{dateTime(event.occurredAt)}</td>
                        <td className="muted hide-narrow">{whereFrom(event.source)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {events.hasNextPage ? (
              <button
                type="button"
                className="button"
                onClick={() => events.fetchNextPage()}
                disabled={events.isFetchingNextPage}
              >
                {events.isFetchingNextPage ? "Loading…" : "Load older"}
              </button>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
