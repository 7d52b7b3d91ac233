// Account credit history (decision 0110): every credit note that added credit and every invoice
// that used it, with the balance after each, like a bank statement; newest first.
import { useInfiniteQuery } from "@tanstack/react-query";
import type { Schemas } from "@wiseparts/billing-sdk";
import { useEffect, useRef } from "react";
import { creditReason } from "../../../core/account-credit-history.js";
import { ErrorState, Loading } from "../../components/ui.js";
import { api } from "../../lib/api.js";
import { date, money } from "../../lib/format.js";
import { Link } from "../../lib/router.js";

type Movement = Schemas["AccountCreditMovement"];
interface History {
  data: Movement[];
  nextCursor: number | null;
  balance: number;
  currency: string;
}

export const creditHistoryAnchor = "credit-history";

function Description({ movement }: { movement: Movement }) {
  const invoice = (
    <Link href={`/settings/invoices/${encodeURIComponent(movement.invoice.id)}`}>
      invoice <span className="document-number">{movement.invoice.displayNumber}</span>
    </Link>
  );
  if (movement.type === "applied") return <>Applied to {invoice}</>;
  if (!movement.creditNote) {
    return (
      <>
        From {invoice}: {creditReason(movement.reason)}
      </>
    );
  }
  return (
    <>
      <a
        href={`/api/v1/credit-notes/${encodeURIComponent(movement.creditNote.id)}/pdf`}
        download={`credit-note-${movement.creditNote.displayNumber}.pdf`}
        aria-label={`Credit note ${movement.creditNote.displayNumber} (PDF)`}
      >
        Credit note <span className="document-number">{movement.creditNote.displayNumber}</span>
      </a>{" "}
      for {invoice}: {creditReason(movement.reason)}
    </>
  );
}

export function CreditHistory() {
  const history = useInfiniteQuery({
    queryKey: ["account-credit-history"],
    queryFn: ({ pageParam }) =>
      api.get<History>(`/account-credit/history?limit=20${pageParam ? `&before=${pageParam}` : ""}`),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = !history.isPending;
  // "View credit history" on the Billing page lands here: bring the section into view.
  useEffect(() => {
    if (loaded && window.location.hash === `#${creditHistoryAnchor}`) {
      heading.current?.scrollIntoView({ block: "start" });
      heading.current?.focus();
    }
  }, [loaded]);
  const first = history.data?.pages[0];
  const rows = history.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <section
      className="card credit-history-section"
      id={creditHistoryAnchor}
      aria-labelledby="credit-history-title"
    >
      <div className="section-heading">
        <h2 id="credit-history-title" ref={heading} tabIndex={-1}>
          Account credit
        </h2>
        {first ? (
          <p className="stat-value" data-testid="credit-history-balance">
            <span className="visually-hidden">Balance: </span>
            {money(first.balance, first.currency)}
          </p>
        ) : null}
      </div>
      <p className="muted">
        Credit notes add to your account credit; it pays your next invoices before anything is charged and is
        never paid out.
      </p>
      {history.isPending ? (
        <Loading label="Loading account credit history…" />
      ) : history.isError ? (
        <ErrorState
          error={history.error}
          title="Account credit history could not be loaded"
          onRetry={() => history.refetch()}
        />
      ) : rows.length === 0 ? (
        <p className="muted" data-testid="credit-history-empty">
          No account credit yet. A voided or corrected invoice, or the unused time of a switch to yearly
          billing, adds credit here.
        </p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="table table-stack credit-history" data-testid="credit-history">
              <caption className="visually-hidden">Account credit history, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Description</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col" className="num">
                    Balance after
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((movement) => (
                  <tr key={movement.position} data-testid="credit-history-row" data-type={movement.type}>
                    <td className="nowrap credit-history-date">{date(movement.occurredAt)}</td>
                    <td className="credit-history-description">
                      <Description movement={movement} />
                    </td>
                    <td className="num nowrap" data-testid="credit-history-amount">
                      {movement.amount > 0 ? "+" : ""}
                      {money(movement.amount, movement.currency)}
                    </td>
                    <td className="num nowrap muted" data-testid="credit-history-balance-after">
                      <span className="narrow-inline">Balance </span>
                      {money(movement.balanceAfter, movement.currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="button-row">
            {history.hasNextPage ? (
              <button
                type="button"
                className="button"
                onClick={() => history.fetchNextPage()}
                disabled={history.isFetchingNextPage}
              >
                {history.isFetchingNextPage ? "Loading…" : "Show older movements"}
              </button>
            ) : null}
            <a
              className="button"
              href="/api/v1/account-credit/history.csv"
              download="account-credit-history.csv"
            >
              Export credit history (CSV)
            </a>
          </div>
        </>
      )}
    </section>
  );
}
