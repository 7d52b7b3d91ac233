import { lazy, type ReactNode, Suspense, useMemo, useState } from "react";
import type { Catalog } from "../../../core/catalog.js";
import { PageHeader } from "../../components/PageHeader.js";
import { QueryState } from "../../components/QueryState.js";
import { ErrorState, FormError, Loading, Meter, Notice } from "../../components/ui.js";
import type { Me, PlanLevels, Subscription } from "../../lib/api.js";
import { api } from "../../lib/api.js";
import { count, countryName, date, intervalName, money, perInterval, plural } from "../../lib/format.js";
import {
  can,
  useBillingInfo,
  useCatalog,
  useChangeRequests,
  useCredits,
  useDailyUsage,
  useMe,
  useSubscription,
} from "../../lib/queries.js";
import { Link } from "../../lib/router.js";
import { useBillingAction } from "../../lib/useBillingAction.js";
import { BillingInfoDialog } from "./BillingInfoDialog.js";
import { ChangeRequestsSection } from "./ChangeRequestsSection.js";
import { CreditUsageChart, featureName } from "./CreditUsageChart.js";
import { DecisionNotice } from "./DecisionNotice.js";
import { ManageSubscriptionDialog } from "./ManageSubscriptionDialog.js";
import { PendingRequestBanner } from "./PendingRequestBanner.js";
import { catalogOf } from "./plan.js";

// Loaded on demand: the forecast is not needed to draw the page.
const CreditForecast = lazy(() => import("./CreditForecast.js"));
const UsageHistory = lazy(() => import("./UsageHistory.js"));

export function BillingPage() {
  const me = useMe().data as Me;
  const readsSubscription = can(me, "subscription.read");
  const subscription = useSubscription(readsSubscription);
  const catalogQuery = useCatalog();
  const catalog = useMemo(
    () => (catalogQuery.data ? catalogOf(catalogQuery.data) : null),
    [catalogQuery.data],
  );
  const [managing, setManaging] = useState(false);
  const [prefill, setPrefill] = useState<Partial<PlanLevels>>();
  const [editingInfo, setEditingInfo] = useState(false);
  const [infoSaved, setInfoSaved] = useState(false);

  const header = <PageHeader title="Billing" />;

  if (!readsSubscription) {
    return (
      <div className="page">
        {header}
        <MemberBillingView me={me} catalog={catalog} />
      </div>
    );
  }
  if (subscription.isPending || catalogQuery.isPending) {
    return (
      <div className="page">
        {header}
        <Loading label="Loading your subscription…" />
      </div>
    );
  }
  if (subscription.isError || catalogQuery.isError || !catalog) {
    return (
      <div className="page">
        {header}
        <ErrorState
          error={subscription.error ?? catalogQuery.error}
          title="Your subscription could not be loaded"
          onRetry={() => {
            void subscription.refetch();
            void catalogQuery.refetch();
          }}
        />
      </div>
    );
  }
  const data = subscription.data;
  const pending = data.pendingChangeRequest;
  const decided = data.lastDecidedChangeRequest;

  return (
    <div className="page">
      {header}
      <section className="section" aria-labelledby="subscription-title">
        <div className="section-head">
          <div>
            <h2 id="subscription-title">Subscription</h2>
            <p className="lead">Manage seats, credits, and billing cycle.</p>
          </div>
          <div className="actions">
            {can(me, "subscription.change") ? (
              <button
                type="button"
                className="button button-primary"
                onClick={() => {
                  setPrefill(undefined);
                  setManaging(true);
                }}
              >
                Manage Subscription
              </button>
            ) : null}
            {can(me, "billing_info.read") ? (
              <button type="button" className="button" onClick={() => setEditingInfo(true)}>
                Manage billing info
              </button>
            ) : null}
          </div>
        </div>

        {pending ? (
          <PendingRequestBanner request={pending} me={me} creditsPerBlock={catalog.creditsPerBlock} />
        ) : null}
        {decided ? (
          <DecisionNotice request={decided} me={me} creditsPerBlock={catalog.creditsPerBlock} />
        ) : null}
        {infoSaved ? (
          <Notice
            tone="success"
            title="Billing information saved"
            actions={
              <button type="button" className="button button-quiet" onClick={() => setInfoSaved(false)}>
                Dismiss
              </button>
            }
          />
        ) : null}

        {data.scheduled ? <ScheduledChangeNotice subscription={data} catalog={catalog} me={me} /> : null}
        <SubscriptionSummary
          subscription={data}
          catalog={catalog}
          me={me}
          onAddCredits={(blocks) => {
            setPrefill({ additionalCreditBlocks: data.additionalCreditBlocks + blocks });
            setManaging(true);
          }}
        />
      </section>

      {can(me, "change_requests.decide") ? (
        <ChangeRequestsSection me={me} creditsPerBlock={catalog.creditsPerBlock} />
      ) : null}

      <ManageSubscriptionDialog
        open={managing}
        onOpenChange={setManaging}
        me={me}
        subscription={data}
        catalog={catalog}
        prefill={prefill}
      />
      <BillingInfoDialog
        open={editingInfo}
        onOpenChange={setEditingInfo}
        canEdit={can(me, "billing_info.write")}
        onSaved={() => setInfoSaved(true)}
      />
    </div>
  );
}

/**
 * A decrease waiting for the renewal: what changes and when, and Cancel scheduled change, which
 * saves today's values (through a change request where the organization requires approval).
 */
function ScheduledChangeNotice({
  subscription,
  catalog,
  me,
}: {
  subscription: Subscription;
  catalog: Catalog;
  me: Me;
}) {
  const { busy, error, run } = useBillingAction("The scheduled change could not be cancelled.");
  const [submitted, setSubmitted] = useState(false);
  const scheduled = subscription.scheduled;
  if (!scheduled) return null;
  const credits = (blocks: number) => count(blocks * catalog.creditsPerBlock);
  const parts = [
    scheduled.seats !== subscription.seats
      ? `Seat Count ${count(subscription.seats)} → ${count(scheduled.seats)}`
      : null,
    scheduled.additionalCreditBlocks !== subscription.additionalCreditBlocks
      ? `Additional Credits ${credits(subscription.additionalCreditBlocks)} → ${credits(scheduled.additionalCreditBlocks)}`
      : null,
  ].filter((part): part is string => part !== null);
  const viaRequest = me.mustRequestApproval;
  const today = {
    seats: subscription.seats,
    additionalCreditBlocks: subscription.additionalCreditBlocks,
    interval: subscription.interval,
  };
  const cancel = () =>
    run("run", async () => {
      if (viaRequest) {
        await api.post("/change-requests", { ...today, note: "Cancel the scheduled change" });
        setSubmitted(true);
      } else {
        await api.post("/subscription/changes", { ...today, expectedVersion: subscription.version });
      }
    });
  return (
    <Notice
      tone="info"
      role="region"
      label="Scheduled change"
      testId="scheduled-change"
      title={`Scheduled for ${date(scheduled.effectiveAt)}`}
      actions={
        can(me, "subscription.change") && !subscription.pendingChangeRequest ? (
          <button type="button" className="button" onClick={cancel} disabled={busy !== null}>
            {busy ? "Cancelling…" : "Cancel scheduled change"}
          </button>
        ) : null
      }
    >
      <p data-testid="scheduled-change-summary">
        {parts.join(", ")} on {date(scheduled.effectiveAt)}. From then on:{" "}
        <strong>
          {money(subscription.recurring.total, subscription.currency)} / {perInterval(subscription.interval)}
        </strong>
        .
      </p>
      <p className="muted">
        Until then your {plural(subscription.seats, "seat")} and credits stay usable. Nothing is refunded.
      </p>
      {submitted ? <p>A request to cancel it was sent to an administrator.</p> : null}
      <FormError error={error} small />
    </Notice>
  );
}

function SubscriptionSummary({
  subscription,
  catalog,
  me,
  onAddCredits,
}: {
  subscription: Subscription;
  catalog: Catalog;
  me: Me;
  onAddCredits: (blocks: number) => void;
}) {
  const { currency } = subscription;
  const free = subscription.seats - subscription.activeUsers;
  // The server's figure, priced as the renewal will invoice it (VAT for the billing address).
  const { nextInvoice } = subscription;
  const blocks = subscription.additionalCreditBlocks;
  return (
    <div className="summary-grid">
      <StatCard id="seats" title="Seats" testId="seats-card">
        <p className="stat-value" data-testid="seats-used">
          <span>
            {count(subscription.activeUsers)} of {count(subscription.seats)}
          </span>{" "}
          <span className="stat-unit">{subscription.seats === 1 ? "seat" : "seats"} used</span>
        </p>
        <Meter
          value={subscription.activeUsers}
          max={subscription.seats}
          label="Seats used"
          tone={free > 0 ? "ok" : "warn"}
        />
        <p className="muted">
          {free > 0
            ? `${plural(free, "seat")} free.`
            : "All seats are in use. Add seats before inviting anyone."}
          {can(me, "users.read") ? (
            <>
              {" "}
              <Link href="/settings/users">Manage users</Link>
            </>
          ) : null}
        </p>
      </StatCard>

      <StatCard id="period" title="Billing period" testId="period-card">
        <p className="stat-value">{intervalName(subscription.interval)}</p>
        <p className="muted" data-testid="current-period">
          {date(subscription.periodStart)} – {date(subscription.periodEnd)}
        </p>
        <dl className="facts">
          <div>
            <dt>Next renewal</dt>
            <dd data-testid="next-renewal">{date(subscription.recurring.nextBillingAt)}</dd>
          </div>
          <div>
            <dt>Next invoice</dt>
            <dd data-testid="next-invoice">
              {money(nextInvoice.total, currency)}
              {nextInvoice.tax.total > 0 ? (
                <span className="per" data-testid="next-invoice-vat">
                  {" "}
                  incl. {money(nextInvoice.tax.total, currency)} VAT
                </span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>Recurring</dt>
            <dd data-testid="recurring">
              {money(subscription.recurring.total, currency)}{" "}
              <span className="per">
                / {perInterval(subscription.interval)}
                {nextInvoice.tax.total > 0 ? " excl. VAT" : ""}
              </span>
            </dd>
          </div>
        </dl>
        <p className="muted small">
          {plural(subscription.seats, "seat")} · {count(blocks * catalog.creditsPerBlock)} additional credits
          {subscription.scheduled
            ? ` (${plural(subscription.scheduled.seats, "seat")} · ${count(subscription.scheduled.additionalCreditBlocks * catalog.creditsPerBlock)} additional credits from ${date(subscription.scheduled.effectiveAt)})`
            : ""}
        </p>
      </StatCard>

      <StatCard id="account-credit" title="Account credit" testId="account-credit-card">
        <p className="stat-value" data-testid="account-credit">
          {money(subscription.accountCredit, currency)}
        </p>
        <p className="muted">
          {subscription.accountCredit > 0
            ? "Applied to your next invoices before anything is charged."
            : "Credit from a switch to yearly billing appears here and pays your next invoices."}
        </p>
        {can(me, "invoices.read") ? (
          <p className="link-row">
            <Link href="/settings/invoices">View invoices</Link>
            <Link href="/settings/invoices#credit-history">View credit history</Link>
          </p>
        ) : null}
      </StatCard>

      {can(me, "billing_info.read") ? <BillingInfoCard /> : null}
      <CreditsCard
        forecast={{
          subscription,
          catalog,
          canChange: can(me, "subscription.change") && !subscription.pendingChangeRequest,
          onAddCredits,
        }}
      />
    </div>
  );
}

function CreditsCard({
  forecast,
}: {
  forecast?: {
    subscription: Subscription;
    catalog: Catalog;
    canChange: boolean;
    onAddCredits: (blocks: number) => void;
  };
}) {
  const credits = useCredits();
  const usage = useDailyUsage();
  const [historyOpen, setHistoryOpen] = useState(false);
  return (
    <StatCard id="credits" title="AI credits this cycle" testId="credits-card" wide>
      <QueryState query={credits} loading="Loading credits…" failed="Credits could not be loaded">
        {(balance) => (
          <div className="credits-layout">
            <div>
              <p className="stat-value" data-testid="credits-used">
                <span>
                  {count(balance.used)} of {count(balance.allocation)}
                </span>{" "}
                <span className="stat-unit">credits used</span>
              </p>
              <Meter value={balance.used} max={balance.allocation} label="AI credits used" />
              <p className="muted">
                {count(balance.remaining)} remaining · resets on{" "}
                <span data-testid="credits-reset">{date(balance.resetAt)}</span>
              </p>
              {(balance.addedThisCycle ?? []).length > 0 ? (
                <p className="muted small" data-testid="credits-added">
                  Includes{" "}
                  {count((balance.addedThisCycle ?? []).reduce((sum, grant) => sum + grant.credits, 0))}{" "}
                  credits granted on{" "}
                  {date((balance.addedThisCycle ?? [])[0]?.occurredAt ?? balance.cycleStart)}
                  {(balance.addedThisCycle ?? []).length > 1 ? " and later" : ""} for seats and credits added
                  this cycle (added seats' credits prorated to the rest of the cycle).
                </p>
              ) : null}
              {balance.byFeature.length > 0 ? (
                <ul className="feature-list">
                  {balance.byFeature.map((feature) => (
                    <li key={feature.feature}>
                      <span>{featureName(feature.feature)}</span>
                      <span className="num">{count(feature.credits)}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {balance.notices.at(-1) ? (
                <p className="field-error">{balance.notices.at(-1)?.message}</p>
              ) : null}
              {forecast ? (
                <Suspense fallback={null}>
                  <CreditForecast credits={balance} {...forecast} />
                </Suspense>
              ) : null}
            </div>
            <div>
              <QueryState query={usage} loading="Loading daily use…" failed="Daily use could not be loaded">
                {(days) => <CreditUsageChart usage={days} />}
              </QueryState>
              <details
                className="usage-history-toggle"
                onToggle={(event) => setHistoryOpen(event.currentTarget.open)}
              >
                <summary>Past cycles and usage export</summary>
                {historyOpen ? (
                  <Suspense fallback={<Loading label="Loading…" />}>
                    <UsageHistory
                      anchor={forecast?.subscription.anchorAt ?? balance.cycleStart}
                      cycleStart={balance.cycleStart}
                    />
                  </Suspense>
                ) : null}
              </details>
            </div>
          </div>
        )}
      </QueryState>
    </StatCard>
  );
}

function BillingInfoCard() {
  const info = useBillingInfo();
  return (
    <StatCard id="billing-info" title="Billing information" testId="billing-info-card">
      <QueryState
        query={info}
        loading="Loading billing information…"
        failed="Billing information could not be loaded"
      >
        {(billingInfo) => (
          <address className="billing-address">
            <strong data-testid="billing-company">{billingInfo.companyName}</strong>
            {billingInfo.taxId ? <span>Tax ID {billingInfo.taxId}</span> : null}
            {[billingInfo.address.line1, billingInfo.address.line2].filter(Boolean).map((line) => (
              <span key={line}>{line}</span>
            ))}
            {billingInfo.address.city || billingInfo.address.postalCode ? (
              <span>
                {[billingInfo.address.postalCode, billingInfo.address.city].filter(Boolean).join(" ")}
              </span>
            ) : null}
            {billingInfo.address.country ? <span>{countryName(billingInfo.address.country)}</span> : null}
            <span data-testid="billing-email">{billingInfo.billingEmail}</span>
          </address>
        )}
      </QueryState>
    </StatCard>
  );
}

/** A figure of the subscription in a card of the summary grid, under its heading. */
function StatCard(props: { id: string; title: string; testId: string; wide?: boolean; children: ReactNode }) {
  return (
    <article
      className={`card stat${props.wide ? " wide" : ""}`}
      aria-labelledby={`${props.id}-title`}
      data-testid={props.testId}
    >
      <h3 id={`${props.id}-title`} className="stat-label">
        {props.title}
      </h3>
      {props.children}
    </article>
  );
}

/** Members see the credits and any pending request, but not the subscription's money. */
function MemberBillingView({ me, catalog }: { me: Me; catalog: Catalog | null }) {
  // Readable by every member; where the role may not read it, there is simply no banner.
  const pending = useChangeRequests("pending");
  const request = pending.data?.data[0];
  return (
    <section className="section" aria-labelledby="subscription-title">
      <div className="section-head">
        <div>
          <h2 id="subscription-title">Subscription</h2>
          <p className="lead">Your organization's AI credits, and any change waiting for approval.</p>
        </div>
      </div>
      {request && catalog ? (
        <PendingRequestBanner request={request} me={me} creditsPerBlock={catalog.creditsPerBlock} />
      ) : null}
      <p className="muted">
        Your organization's admins and billing members manage the subscription. Ask them for more seats or
        credits.
      </p>
      <div className="summary-grid">{can(me, "credits.read") ? <CreditsCard /> : null}</div>
    </section>
  );
}
