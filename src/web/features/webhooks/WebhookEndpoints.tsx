// Webhook endpoints (issue 16) — add, enable/disable, rotate the secret, replay, and each
// endpoint's delivery log — for whoever calls: an organization's admin (Settings → Webhooks, the
// session) or the operator (the console, the host product's endpoints, the operator token). The
// same routes answer both; the caller decides whose endpoints they are.
import { type UseMutationResult, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";
import { eventTypes } from "../../../core/event-types.js";
import { DataTable, LoadMore, RefreshButton } from "../../components/DataTable.js";
import { Modal } from "../../components/Modal.js";
import { QueryState } from "../../components/QueryState.js";
import { errorMessage, Field, FormError, Notice } from "../../components/ui.js";
import {
  type ApiClient,
  ApiError,
  type Page,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
  type WebhookEventType,
} from "../../lib/api.js";
import { count, dateTime } from "../../lib/format.js";
import { usePages } from "../../lib/usePages.js";

// The API's list and the shared one are the same (a type added to either fails the check here).
type Missing =
  | Exclude<WebhookEventType, (typeof eventTypes)[number]>
  | Exclude<(typeof eventTypes)[number], WebhookEventType>;
const allListed: [Missing] extends [never] ? true : Missing = true;
void allListed;

/** Whose endpoints: an organization's (its admin) or the host product's (the operator). */
export type EndpointOwner = "organization" | "host";

/** The API as this list's caller, and its cache keys (an admin's and the operator's never mix). */
function useCaller() {
  const caller = useContext(CallerContext);
  if (!caller) throw new Error("WebhookEndpoints is missing around this component.");
  return caller;
}

function callerOf(client: ApiClient, owner: EndpointOwner) {
  const endpointsKey = ["webhook-endpoints", owner] as const;
  return {
    api: client,
    owner,
    endpointsKey,
    deliveriesKey: (id: string) => [...endpointsKey, id, "deliveries"] as const,
  };
}
type Caller = ReturnType<typeof callerOf>;
const CallerContext = createContext<Caller | null>(null);

const PAGE = 20;

const statusNames: Record<WebhookDelivery["status"], string> = {
  pending: "Retrying",
  delivered: "Delivered",
  dead: "Failed",
};
const statusBadge: Record<WebhookDelivery["status"], string> = {
  pending: "badge-pending",
  delivered: "badge-approved",
  dead: "badge-rejected",
};

function DeliveryStatus({ delivery }: { delivery: WebhookDelivery }) {
  const label =
    delivery.status === "pending" && delivery.attempts === 0 ? "Queued" : statusNames[delivery.status];
  return <span className={`badge ${statusBadge[delivery.status]}`}>{label}</span>;
}

/** The API's refusal next to the field it names, or under the form when it names none of them. */
function errorsOf(error: unknown, fields: readonly string[]) {
  const fieldError = (field: string) =>
    error instanceof ApiError && error.field === field ? error.message : undefined;
  const otherError = error && !fields.some((field) => fieldError(field)) ? errorMessage(error) : undefined;
  return { fieldError, otherError };
}

/**
 * What an ActionDialog runs: once it succeeds the dialog forgets any earlier refusal, hands the
 * answer on and the list it changed (`changed`) is read again.
 */
function useDialogAction<T>(run: () => Promise<T>, changed: readonly unknown[], done: (answer: T) => void) {
  const client = useQueryClient();
  const action = useMutation({
    mutationFn: run,
    onSuccess: async (answer) => {
      action.reset();
      done(answer);
      await client.invalidateQueries({ queryKey: changed });
    },
  });
  return action;
}

/**
 * A dialog that runs one action: its form, Cancel and the primary button (Enter submits too), the
 * refusal next to the field it names or under the form; closing it forgets the refusal.
 */
function ActionDialog<T>(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  action: UseMutationResult<T, Error, void>;
  label: string;
  busyLabel: string;
  /** "danger" for an action that cannot be undone. */
  tone?: "danger";
  fields?: readonly string[];
  children: (fieldError: (field: string) => string | undefined) => ReactNode;
}) {
  const { action } = props;
  const formId = useId();
  const { fieldError, otherError } = errorsOf(action.error, props.fields ?? []);
  return (
    <Modal
      open={props.open}
      onOpenChange={(open) => {
        if (!open) action.reset();
        props.onOpenChange(open);
      }}
      title={props.title}
      description={props.description}
      footer={
        <>
          <button type="button" className="button" onClick={() => props.onOpenChange(false)}>
            Cancel
          </button>
          <button
            type="submit"
            form={formId}
            className={`button ${props.tone === "danger" ? "button-danger" : "button-primary"}`}
            disabled={action.isPending}
          >
            {action.isPending ? props.busyLabel : props.label}
          </button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!action.isPending) action.mutate();
        }}
      >
        {props.children(fieldError)}
        <FormError error={otherError} />
      </form>
    </Modal>
  );
}

const emptyText: Record<EndpointOwner, string> = {
  organization: "No endpoints yet. Add one to receive events such as seat changes, invoices and approvals.",
  host: "No endpoints yet. Add one to send every organization's events to the host product.",
};

/** The endpoints of the caller (`client`): the list, its actions and a live region for results. */
export function WebhookEndpoints(props: { client: ApiClient; owner: EndpointOwner }) {
  const caller = useMemo(() => callerOf(props.client, props.owner), [props.client, props.owner]);
  return (
    <CallerContext.Provider value={caller}>
      <EndpointList />
    </CallerContext.Provider>
  );
}

function EndpointList() {
  const { api, owner, endpointsKey } = useCaller();
  const endpoints = useQuery({
    queryKey: endpointsKey,
    queryFn: () => api.get<{ data: WebhookEndpoint[] }>("/webhook-endpoints"),
    refetchOnMount: "always",
  });
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ endpoint: WebhookEndpointWithSecret; rotated: boolean }>();
  const [message, setMessage] = useState("");

  return (
    <>
      <p className="visually-hidden" role="status" data-testid="webhooks-status">
        {message}
      </p>
      <QueryState
        query={endpoints}
        loading="Loading webhook endpoints…"
        failed="Webhook endpoints could not be loaded"
      >
        {(list) => (
          <>
            {secret ? (
              <SecretNotice
                endpoint={secret.endpoint}
                rotated={secret.rotated}
                onDone={() => setSecret(undefined)}
              />
            ) : null}
            <section className="section" aria-labelledby="endpoints-heading">
              <div className="section-head webhooks-head">
                <h2 id="endpoints-heading">Endpoints</h2>
                <div className="actions">
                  <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
                    Add endpoint
                  </button>
                </div>
              </div>
              {list.data.length === 0 ? (
                <div className="card">
                  <p className="muted">{emptyText[owner]}</p>
                </div>
              ) : (
                list.data.map((endpoint) => (
                  <EndpointCard
                    key={endpoint.id}
                    endpoint={endpoint}
                    onSecret={(next) => setSecret({ endpoint: next, rotated: true })}
                    onMessage={setMessage}
                  />
                ))
              )}
            </section>
          </>
        )}
      </QueryState>
      <AddEndpointDialog
        open={adding}
        onOpenChange={setAdding}
        onCreated={(created) => {
          setAdding(false);
          setSecret({ endpoint: created, rotated: false });
          setMessage(`Endpoint ${created.url} added.`);
        }}
      />
    </>
  );
}
/** The signing secret, shown once: after creation or rotation, with a copy button. */
function SecretNotice(props: { endpoint: WebhookEndpointWithSecret; rotated: boolean; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className="secret-notice">
      <Notice
        tone="success"
        role="region"
        label="Signing secret"
        testId="webhook-secret"
        title={props.rotated ? "New signing secret" : "Endpoint added: copy its signing secret"}
        actions={
          <button type="button" className="button" onClick={props.onDone}>
            I've saved it
          </button>
        }
      >
        <p>
          {props.endpoint.url} signs every delivery with this secret. Copy it now:{" "}
          <strong>you won't see it again.</strong>
          {props.rotated ? " The previous secret keeps signing alongside it for 24 hours." : ""}
        </p>
        <p className="invite-link">
          <code data-testid="webhook-secret-value">{props.endpoint.secret}</code>{" "}
          <button
            type="button"
            className="button button-quiet"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(props.endpoint.secret);
                setCopied(true);
              } catch {
                setCopied(false);
              }
            }}
          >
            {copied ? "Copied" : "Copy secret"}
          </button>
        </p>
      </Notice>
    </div>
  );
}

function AddEndpointDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (endpoint: WebhookEndpointWithSecret) => void;
}) {
  const { api, owner, endpointsKey } = useCaller();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [types, setTypes] = useState<Set<string>>(new Set());
  const create = useDialogAction(
    () =>
      api.post<WebhookEndpointWithSecret>("/webhook-endpoints", {
        url: url.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        eventTypes: eventTypes.filter((type) => types.has(type)),
      }),
    endpointsKey,
    (created) => {
      setUrl("");
      setDescription("");
      setTypes(new Set());
      props.onCreated(created);
    },
  );
  return (
    <ActionDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Add webhook endpoint"
      description={
        owner === "host"
          ? "We send every organization's events, each as a signed POST request, to this URL."
          : "We send each event as a signed POST request to this URL."
      }
      action={create}
      label="Add endpoint"
      busyLabel="Adding…"
      fields={["url", "description"]}
    >
      {(fieldError) => (
        <>
          <Field id="endpoint-url" label="Endpoint URL" error={fieldError("url")} hint="https://…">
            <input
              id="endpoint-url"
              type="url"
              inputMode="url"
              autoComplete="off"
              required
              value={url}
              onChange={(event) => setUrl(event.target.value)}
              aria-invalid={fieldError("url") ? true : undefined}
              aria-describedby={fieldError("url") ? "endpoint-url-error" : "endpoint-url-hint"}
            />
          </Field>
          <Field id="endpoint-description" label="Description" optional error={fieldError("description")}>
            <input
              id="endpoint-description"
              type="text"
              value={description}
              maxLength={200}
              onChange={(event) => setDescription(event.target.value)}
            />
          </Field>
          <fieldset className="form-section" aria-describedby="event-types-hint">
            <legend>Events to send</legend>
            <p className="field-hint" id="event-types-hint">
              None selected: every event, including types added later.
            </p>
            <ul className="event-types">
              {eventTypes.map((type) => (
                <li key={type}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={types.has(type)}
                      onChange={(event) => {
                        const next = new Set(types);
                        if (event.target.checked) next.add(type);
                        else next.delete(type);
                        setTypes(next);
                      }}
                    />
                    <code>{type}</code>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </>
      )}
    </ActionDialog>
  );
}

function EndpointCard(props: {
  endpoint: WebhookEndpoint;
  onSecret: (endpoint: WebhookEndpointWithSecret) => void;
  onMessage: (message: string) => void;
}) {
  const { endpoint } = props;
  const { api, endpointsKey, deliveriesKey } = useCaller();
  const client = useQueryClient();
  const headingId = useId();
  const [showLog, setShowLog] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [replaying, setReplaying] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const last = useQuery({
    queryKey: [...deliveriesKey(endpoint.id), "last"],
    queryFn: () => api.get<Page<WebhookDelivery>>(`/webhook-endpoints/${endpoint.id}/deliveries?limit=1`),
    // Deliveries happen while the page is away: read again on every visit, and while one is pending.
    refetchOnMount: "always",
    refetchInterval: (query) => (query.state.data?.data[0]?.status === "pending" ? 5_000 : false),
  });
  const toggle = useMutation({
    mutationFn: () =>
      api.patch<WebhookEndpoint>(`/webhook-endpoints/${endpoint.id}`, { enabled: !endpoint.enabled }),
    onSuccess: async (changed) => {
      props.onMessage(`${changed.url} ${changed.enabled ? "enabled" : "disabled"}.`);
      await client.invalidateQueries({ queryKey: endpointsKey });
    },
  });
  const lastDelivery = last.data?.data[0];
  return (
    <article className="card endpoint" aria-labelledby={headingId} data-testid="webhook-endpoint">
      <div className="endpoint-head">
        <div className="endpoint-title">
          <h3 id={headingId} className="endpoint-url">
            {endpoint.url}
          </h3>
          {endpoint.description ? <p className="muted small">{endpoint.description}</p> : null}
        </div>
        <span
          className={`badge ${endpoint.enabled ? "badge-approved" : "badge-rejected"}`}
          data-testid="endpoint-state"
        >
          {endpoint.enabled ? "Enabled" : "Disabled"}
        </span>
      </div>
      {!endpoint.enabled ? (
        <p className="small" data-testid="endpoint-disabled-reason">
          Disabled {endpoint.disabledAt ? dateTime(endpoint.disabledAt) : ""}
          {endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ""}. Events wait and are sent when you
          enable it.
        </p>
      ) : null}
      <dl className="facts endpoint-facts">
        <div>
          <dt>Events</dt>
          <dd>{endpoint.eventTypes.length === 0 ? "All events" : endpoint.eventTypes.join(", ")}</dd>
        </div>
        <div>
          <dt>Last delivery</dt>
          <dd data-testid="endpoint-last-delivery">
            {last.isPending ? (
              "…"
            ) : lastDelivery ? (
              <>
                <DeliveryStatus delivery={lastDelivery} /> {lastDelivery.eventType},{" "}
                {dateTime(lastDelivery.lastAttemptAt ?? lastDelivery.createdAt)}
              </>
            ) : (
              "None yet"
            )}
          </dd>
        </div>
        {endpoint.consecutiveFailures > 0 ? (
          <div>
            <dt>Failures in a row</dt>
            <dd>{count(endpoint.consecutiveFailures)}</dd>
          </div>
        ) : null}
        {endpoint.previousSecretExpiresAt ? (
          <div>
            <dt>Previous secret signs until</dt>
            <dd>{dateTime(endpoint.previousSecretExpiresAt)}</dd>
          </div>
        ) : null}
      </dl>
      <FormError error={toggle.isError ? errorMessage(toggle.error) : null} />
      <div className="actions">
        <button
          type="button"
          className="button"
          aria-expanded={showLog}
          aria-controls={`${headingId}-log`}
          onClick={() => setShowLog(!showLog)}
        >
          {showLog ? "Hide deliveries" : "Show deliveries"}
        </button>
        <button type="button" className="button" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {endpoint.enabled ? "Disable" : "Enable"}
        </button>
        <button type="button" className="button" onClick={() => setRotating(true)}>
          Rotate secret
        </button>
        <button type="button" className="button" onClick={() => setReplaying(true)}>
          Replay events
        </button>
        <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
          Delete
        </button>
      </div>
      <div id={`${headingId}-log`}>{showLog ? <DeliveryLog endpoint={endpoint} /> : null}</div>
      <RotateDialog
        endpoint={endpoint}
        open={rotating}
        onOpenChange={setRotating}
        onRotated={(rotated) => {
          setRotating(false);
          props.onSecret(rotated);
          props.onMessage(`The secret of ${rotated.url} was rotated.`);
        }}
      />
      <DeleteDialog
        endpoint={endpoint}
        open={deleting}
        onOpenChange={setDeleting}
        onDeleted={() => {
          setDeleting(false);
          props.onMessage(`${endpoint.url} was deleted.`);
        }}
      />
      <ReplayDialog
        endpoint={endpoint}
        open={replaying}
        onOpenChange={setReplaying}
        onQueued={(queued) => {
          setReplaying(false);
          props.onMessage(`${count(queued)} ${queued === 1 ? "event" : "events"} queued to send again.`);
          setShowLog(true);
        }}
      />
    </article>
  );
}

const deliveryColumns = [
  "Time",
  "Event",
  "Status",
  { label: "Response", className: "num" },
  { label: "Latency", className: "num" },
  { label: "Attempts", className: "num" },
];

function DeliveryLog({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { api, owner, deliveriesKey } = useCaller();
  const { query: deliveries, rows } = usePages<Page<WebhookDelivery>>({
    queryKey: deliveriesKey(endpoint.id),
    path: `/webhook-endpoints/${endpoint.id}/deliveries?limit=${PAGE}`,
    client: api,
    always: true,
    // Retries in flight: the log follows them until they settle.
    settling: (delivery) => delivery.status === "pending",
  });
  const client = useQueryClient();
  const newest = deliveries.data?.pages[0]?.data[0]?.id;
  useEffect(() => {
    // The card's "Last delivery" follows what the log shows.
    if (newest !== undefined)
      void client.invalidateQueries({ queryKey: [...deliveriesKey(endpoint.id), "last"] });
  }, [client, endpoint.id, newest, deliveriesKey]);
  return (
    <section className="delivery-log" aria-label={`Deliveries to ${endpoint.url}`}>
      <div className="section-head webhooks-head">
        <h4 className="subheading">Deliveries</h4>
        <RefreshButton query={deliveries} />
      </div>
      <QueryState query={deliveries} loading="Loading deliveries…" failed="Deliveries could not be loaded">
        {() =>
          rows.length === 0 ? (
            <p className="muted">Nothing sent yet. Events appear here as they happen.</p>
          ) : (
            <DataTable
              columns={deliveryColumns}
              caption="Deliveries, newest first"
              className="table table-stack"
              testId="delivery-log"
            >
              {rows.map((delivery) => (
                <tr key={delivery.id} data-testid="delivery-row" data-status={delivery.status}>
                  <td className="nowrap" data-label="Time">
                    {dateTime(delivery.lastAttemptAt ?? delivery.createdAt)}
                  </td>
                  <td data-label="Event">
                    <code>{delivery.eventType}</code>
                    {delivery.replay ? <span className="muted small"> (replay)</span> : null}
                    <br />
                    <span className="muted small event-id" title="Event id">
                      {delivery.eventId}
                    </span>
                    {owner === "host" ? (
                      // The host product's endpoint gets every organization's events: whose this is.
                      <span className="muted small event-id" data-testid="delivery-organization">
                        <br />
                        Organization {delivery.organizationId}
                      </span>
                    ) : null}
                  </td>
                  <td data-label="Status">
                    <DeliveryStatus delivery={delivery} />
                    {delivery.error ? (
                      <span className="muted small delivery-error"> {delivery.error}</span>
                    ) : null}
                  </td>
                  <td className="num" data-label="Response" data-testid="delivery-response">
                    {delivery.responseStatus ?? "—"}
                  </td>
                  <td className="num nowrap" data-label="Latency">
                    {delivery.latencyMs === null ? "—" : `${count(delivery.latencyMs)} ms`}
                  </td>
                  <td className="num" data-label="Attempts">
                    {count(delivery.attempts)}
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
      <LoadMore query={deliveries} />
    </section>
  );
}

function RotateDialog(props: {
  endpoint: WebhookEndpoint;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onRotated: (endpoint: WebhookEndpointWithSecret) => void;
}) {
  const { api, endpointsKey } = useCaller();
  const rotate = useDialogAction(
    () => api.post<WebhookEndpointWithSecret>(`/webhook-endpoints/${props.endpoint.id}/rotate-secret`, {}),
    endpointsKey,
    props.onRotated,
  );
  return (
    <ActionDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Rotate signing secret"
      description={`A new secret signs deliveries to ${props.endpoint.url}; the current one keeps signing alongside it for 24 hours, so your receiver can switch without missing an event.`}
      action={rotate}
      label="Rotate secret"
      busyLabel="Rotating…"
    >
      {() => (rotate.isError ? null : <p>The new secret is shown once, after you rotate.</p>)}
    </ActionDialog>
  );
}

function DeleteDialog(props: {
  endpoint: WebhookEndpoint;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: () => void;
}) {
  const { api, endpointsKey } = useCaller();
  const remove = useDialogAction(
    () => api.delete<{ id: string; deleted: true }>(`/webhook-endpoints/${props.endpoint.id}`),
    endpointsKey,
    props.onDeleted,
  );
  return (
    <ActionDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Delete endpoint"
      description={`Nothing more is sent to ${props.endpoint.url}: events still waiting for it are dropped, its delivery log is deleted and its secret stops signing.`}
      action={remove}
      label="Delete endpoint"
      busyLabel="Deleting…"
      tone="danger"
    >
      {() => <p>To pause deliveries and keep what waits, disable it instead.</p>}
    </ActionDialog>
  );
}

/** A datetime-local value (the browser's time zone) as an ISO instant. */
const instant = (local: string) => (local ? new Date(local).toISOString() : "");

function ReplayDialog(props: {
  endpoint: WebhookEndpoint;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onQueued: (queued: number) => void;
}) {
  const { api, deliveriesKey } = useCaller();
  const [mode, setMode] = useState<"event" | "range">("event");
  const [eventId, setEventId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const ids = useId();
  const replay = useDialogAction(
    () =>
      api.post<{ queued: number }>(
        `/webhook-endpoints/${props.endpoint.id}/replay`,
        mode === "event" ? { eventId: eventId.trim() } : { from: instant(from), to: instant(to) },
      ),
    deliveriesKey(props.endpoint.id),
    (answer) => props.onQueued(answer.queued),
  );
  return (
    <ActionDialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Replay events"
      description={`Send events to ${props.endpoint.url} again, with their original event ids.`}
      action={replay}
      label="Replay"
      busyLabel="Queuing…"
      fields={["eventId", "from", "to"]}
    >
      {(fieldError) => (
        <>
          <fieldset className="form-section">
            <legend>What to replay</legend>
            <label className="checkbox">
              <input
                type="radio"
                name={`${ids}-mode`}
                checked={mode === "event"}
                onChange={() => setMode("event")}
              />
              One event
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name={`${ids}-mode`}
                checked={mode === "range"}
                onChange={() => setMode("range")}
              />
              Every event in a time range
            </label>
          </fieldset>
          {mode === "event" ? (
            <Field
              id={`${ids}-event`}
              label="Event id"
              error={fieldError("eventId")}
              hint="From the delivery log"
            >
              <input
                id={`${ids}-event`}
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={eventId}
                onChange={(event) => setEventId(event.target.value)}
                aria-invalid={fieldError("eventId") ? true : undefined}
              />
            </Field>
          ) : (
            <div className="field-row">
              <Field id={`${ids}-from`} label="From" error={fieldError("from")}>
                <input
                  id={`${ids}-from`}
                  type="datetime-local"
                  value={from}
                  onChange={(event) => setFrom(event.target.value)}
                />
              </Field>
              <Field id={`${ids}-to`} label="To" error={fieldError("to")}>
                <input
                  id={`${ids}-to`}
                  type="datetime-local"
                  value={to}
                  onChange={(event) => setTo(event.target.value)}
                />
              </Field>
            </div>
          )}
        </>
      )}
    </ActionDialog>
  );
}
