// Loaded on demand: the organization's own audit trail in plain words. The filters run on the
// server (GET /audit-events) and live in the address, so a filtered view can be shared; the CSV
// export is the server's, with the same filters (decision 0111).
import { useMemo } from "react";
import { type AuditEvent, categories, describeEvent, whereFrom } from "../../../core/activity.js";
import { DataTable, LoadMore } from "../../components/DataTable.js";
import { DateRange } from "../../components/DateRange.js";
import { PageHeader } from "../../components/PageHeader.js";
import { QueryState } from "../../components/QueryState.js";
import { Field, Options } from "../../components/ui.js";
import type { Page } from "../../lib/api.js";
import { dateTime } from "../../lib/format.js";
import { useUsers } from "../../lib/queries.js";
import { navigate, useSearch } from "../../lib/router.js";
import { usePages } from "../../lib/usePages.js";

const PAGE = 100;
const filterNames = ["area", "actorType", "actorId", "from", "to"] as const;
type Filters = Record<(typeof filterNames)[number], string>;

type Event = AuditEvent & { id: number };

const columns = ["What happened", "When", { label: "From", className: "hide-narrow" }];

const areas = [
  { value: "", label: "Everything" },
  ...categories.map((category) => ({ value: category.id, label: category.label })),
];

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
  const { query: events, rows } = usePages<Page<Event>>({
    queryKey: ["audit-events", query],
    path: `/audit-events?limit=${PAGE}${query ? `&${query}` : ""}`,
    enabled: rangeValid,
    // The table stays while the next filter loads, so the filters keep their place and focus.
    keepPrevious: true,
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
  const filtered = query !== "";

  return (
    <div className="page">
      <PageHeader title="Activity" lead="Who changed what in your organization, when and from where." />
      <div className="card">
        <search className="filters" aria-label="Filter activity">
          <Field id="activity-category" label="Area">
            <select
              id="activity-category"
              value={filters.area}
              onChange={(event) => set({ area: event.target.value })}
            >
              <Options items={areas} />
            </select>
          </Field>
          <Field id="activity-person" label="Person">
            <select id="activity-person" value={person} onChange={(event) => setPerson(event.target.value)}>
              <Options
                items={[
                  { value: "", label: "Anyone" },
                  ...[...people].map(([id, name]) => ({ value: `user:${id}`, label: name })),
                  ...automaticActors,
                ]}
              />
            </select>
          </Field>
          <DateRange
            id="activity"
            from={filters.from}
            to={filters.to}
            onChange={set}
            errorId="activity-range-error"
          />
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
        ) : (
          <QueryState query={events} loading="Loading activity…" failed="Activity could not be loaded">
            {() => (
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
                  <DataTable
                    columns={columns}
                    caption="Activity, newest first"
                    className="table table-stack activity-list"
                    testId="activity-list"
                    busy={events.isFetching}
                  >
                    {rows.map((event) => (
                      <tr key={event.id} data-testid="activity-row" data-action={event.action}>
                        <td>{describeEvent(event, people)}</td>
                        <td className="nowrap activity-when">{dateTime(event.occurredAt)}</td>
                        <td className="muted hide-narrow">{whereFrom(event.source)}</td>
                      </tr>
                    ))}
                  </DataTable>
                )}
                <LoadMore query={events} />
              </>
            )}
          </QueryState>
        )}
      </div>
    </div>
  );
}
