// Account credit history (decision 0110): every credit note that added credit and every invoice
// that used it, with the balance after each, like a bank statement; newest first.
import type { Schemas } from "@wiseparts/billing-sdk";
import { useEffect, useRef } from "react";
import { creditReason } from "../../../core/account-credit-history.js";
import { DataTable, LoadMore } from "../../components/DataTable.js";
import { QueryState } from "../../components/QueryState.js";
import { date, money } from "../../lib/format.js";
import { Link } from "../../lib/router.js";
import { usePages } from "../../lib/usePages.js";

type Movement = Schemas["AccountCreditMovement"];
interface History {
  data: Movement[];
  nextCursor: number | null;
  balance: number;
  currency: string;
}

const columns = [
  "Date",
  "Description",
  { label: "Amount", className: "num" },
  { label: "Balance after", className: "num" },
];

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
  const { query: history, rows } = usePages<History>({
    queryKey: ["account-credit-history"],
    path: "/account-credit/history?limit=20",
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
      <QueryState
        query={history}
        loading="Loading account credit history…"
        failed="Account credit history could not be loaded"
      >
        {() =>
          rows.length === 0 ? (
            <p className="muted" data-testid="credit-history-empty">
              No account credit yet. A voided or corrected invoice, or the unused time of a switch to yearly
              billing, adds credit here.
            </p>
          ) : (
            <>
              <DataTable
                columns={columns}
                caption="Account credit history, newest first"
                className="table table-stack credit-history"
                testId="credit-history"
              >
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
              </DataTable>
              <div className="button-row">
                <LoadMore query={history} label="Show older movements" />
                <a
                  className="button"
                  href="/api/v1/account-credit/history.csv"
                  download="account-credit-history.csv"
                >
                  Export credit history (CSV)
                </a>
              </div>
            </>
          )
        }
      </QueryState>
    </section>
  );
}
