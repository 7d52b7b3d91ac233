// Loaded on demand: the organization's own audit trail in plain words, filterable, as CSV.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ErrorState, Loading } from "../../components/ui.js";
import type { Page } from "../../lib/api.js";
import { api } from "../../lib/api.js";
import { dateTime } from "../../lib/format.js";
import { useUsers } from "../../lib/queries.js";
import {
  type AuditEvent,
  activityCsv,
  categories,
  categoryOf,
  describeEvent,
  whereFrom,
} from "./describe.js";

const PAGE = 100;
const EXPORT_LIMIT = 5000;

export default function ActivityPage() {
  const events = useInfiniteQuery({
    queryKey: ["audit-events"],
    queryFn: ({ pageParam }) =>
      api.get<Page<AuditEvent>>(`/audit-events?limit=${PAGE}${pageParam ? `&before=${pageParam}` : ""}`),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const users = useUsers();
  const people = useMemo(
    () => new Map((users.data?.data ?? []).map((user) => [user.id, user.name || user.email])),
    [users.data],
  );
  const [category, setCategory] = useState("");
  const [person, setPerson] = useState("");
  const [text, setText] = useState("");
  const [exporting, setExporting] = useState(false);
  const all = events.data?.pages.flatMap((page) => page.data) ?? [];
  const keep = (event: AuditEvent) =>
    (!category || categoryOf(event.action) === category) &&
    (!person || event.actor.id === person) &&
    (!text.trim() || describeEvent(event, people).toLowerCase().includes(text.trim().toLowerCase()));
  const rows = all.filter(keep);

  const exportCsv = async () => {
    setExporting(true);
    try {
      // Every event, not only the pages on screen (up to EXPORT_LIMIT), with the filters applied.
      let pages = events.data?.pages ?? [];
      while (
        pages.at(-1)?.nextCursor &&
        pages.reduce((sum, page) => sum + page.data.length, 0) < EXPORT_LIMIT
      ) {
        const result = await events.fetchNextPage();
        pages = result.data?.pages ?? pages;
        if (result.isError) break;
      }
      const csv = activityCsv(pages.flatMap((page) => page.data).filter(keep), people);
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = "activity.csv";
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="page">
      <header className="page-header">
        <p className="breadcrumb">
          <span>Settings</span> / <span>Activity</span>
        </p>
        <h1>Activity</h1>
        <p className="lead">Who changed what in your organization, when and from where.</p>
      </header>
      {events.isPending ? (
        <Loading label="Loading activity…" />
      ) : events.isError ? (
        <ErrorState
          error={events.error}
          title="Activity could not be loaded"
          onRetry={() => events.refetch()}
        />
      ) : (
        <div className="card">
          <search className="filters" aria-label="Filter activity">
            <div className="field">
              <label className="field-label" htmlFor="activity-category">
                Area
              </label>
              <select
                id="activity-category"
                value={category}
                onChange={(event) => setCategory(event.target.value)}
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
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="field-label" htmlFor="activity-text">
                Contains
              </label>
              <input
                id="activity-text"
                type="search"
                value={text}
                onChange={(event) => setText(event.target.value)}
              />
            </div>
            <button type="button" className="button" onClick={exportCsv} disabled={exporting}>
              {exporting ? "Exporting…" : "Export CSV"}
            </button>
          </search>
          <p className="muted small" role="status" data-testid="activity-count">
            {rows.length === all.length ? `${all.length} events` : `${rows.length} of ${all.length} events`}
            {events.hasNextPage ? " loaded" : ""}
          </p>
          {rows.length === 0 ? (
            <p className="muted">Nothing matches these filters.</p>
          ) : (
            <div className="table-scroll">
              <table className="table table-stack" data-testid="activity-list">
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
                      <td className="nowrap">{dateTime(event.occurredAt)}</td>
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
        </div>
      )}
    </div>
  );
}
