// The operator console's E-mail tab: what the server sent, or wrote as .eml files without
// SMTP_URL, newest first and paged as the API pages; each message opens with its bodies. The HTML
// body is shown in a sandboxed frame: no scripts, no same origin, nothing it links loads here.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Modal } from "../../components/Modal.js";
import { ErrorState, Loading } from "../../components/ui.js";
import type { ApiClient, OperatorEmail, OperatorEmailSummary, Page } from "../../lib/api.js";
import { count, dateTime } from "../../lib/format.js";

const PAGE = 20;
const emailsKey = ["operator", "emails"] as const;

function EmailStatus({ email }: { email: OperatorEmailSummary }) {
  if (email.status === "sent")
    return <span className="badge badge-approved">{email.file ? "Written" : "Sent"}</span>;
  if (email.status === "dead") return <span className="badge badge-rejected">Failed</span>;
  return <span className="badge badge-pending">{email.attempts === 0 ? "Queued" : "Retrying"}</span>;
}

export function OperatorEmails({ client }: { client: ApiClient }) {
  const [open, setOpen] = useState<OperatorEmailSummary>();
  const emails = useInfiniteQuery({
    queryKey: emailsKey,
    queryFn: ({ pageParam }) =>
      client.get<Page<OperatorEmailSummary>>(
        `/operator/emails?limit=${PAGE}${pageParam ? `&before=${pageParam}` : ""}`,
      ),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchOnMount: "always",
    refetchInterval: (query) =>
      query.state.data?.pages[0]?.data.some((email) => email.status === "pending") ? 5_000 : false,
  });
  const rows = emails.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <section className="section" aria-labelledby="emails-heading">
      <div className="section-head webhooks-head">
        <div>
          <h2 id="emails-heading">E-mail</h2>
          <p className="muted small">
            Newest first. Without SMTP_URL the server writes each message as an .eml file under its data
            folder instead of sending it.
          </p>
        </div>
        <button
          type="button"
          className="button button-small button-quiet"
          onClick={() => emails.refetch()}
          disabled={emails.isFetching}
        >
          {emails.isFetching && !emails.isFetchingNextPage ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      <p className="visually-hidden" role="status" data-testid="emails-status">
        {emails.isSuccess ? `${count(rows.length)} ${rows.length === 1 ? "message" : "messages"} shown.` : ""}
      </p>
      {emails.isPending ? (
        <Loading label="Loading e-mail…" />
      ) : emails.isError ? (
        <ErrorState
          error={emails.error}
          title="E-mail could not be loaded"
          onRetry={() => emails.refetch()}
        />
      ) : rows.length === 0 ? (
        <div className="card">
          <p className="muted">
            No e-mail yet. Receipts, approvals and warnings appear here as they are sent.
          </p>
        </div>
      ) : (
        <div className="card card-flush">
          <div className="table-scroll">
            <table className="table table-stack email-table" data-testid="email-list">
              <caption className="visually-hidden">E-mail, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col">To</th>
                  <th scope="col">Time</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((email) => (
                  <tr key={email.id} data-testid="email-row">
                    <td data-label="Subject" className="email-subject">
                      <button type="button" className="link-button" onClick={() => setOpen(email)}>
                        {email.subject}
                      </button>
                      <br />
                      <span className="muted small">{email.template}</span>
                    </td>
                    <td data-label="To" className="email-recipient">
                      {email.recipient}
                    </td>
                    <td data-label="Time" className="nowrap">
                      {dateTime(email.sentAt ?? email.createdAt)}
                    </td>
                    <td data-label="Status">
                      <EmailStatus email={email} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {emails.hasNextPage ? (
        <button
          type="button"
          className="button"
          onClick={() => emails.fetchNextPage()}
          disabled={emails.isFetchingNextPage}
        >
          {emails.isFetchingNextPage ? "Loading…" : "Load older"}
        </button>
      ) : null}
      <EmailDialog client={client} email={open} onClose={() => setOpen(undefined)} />
    </section>
  );
}

function EmailDialog(props: {
  client: ApiClient;
  email: OperatorEmailSummary | undefined;
  onClose: () => void;
}) {
  const id = props.email?.id;
  const detail = useQuery({
    queryKey: [...emailsKey, id],
    queryFn: () => props.client.get<OperatorEmail>(`/operator/emails/${id}`),
    enabled: id !== undefined,
  });
  return (
    <Modal
      open={props.email !== undefined}
      onOpenChange={(open) => {
        if (!open) props.onClose();
      }}
      title={props.email?.subject ?? "E-mail"}
      description={props.email ? `To ${props.email.recipient}` : undefined}
      size="wide"
      footer={
        <button type="button" className="button" onClick={props.onClose}>
          Close
        </button>
      }
    >
      {detail.isPending ? (
        <Loading label="Loading the message…" />
      ) : detail.isError ? (
        <ErrorState
          error={detail.error}
          title="The message could not be loaded"
          onRetry={() => detail.refetch()}
        />
      ) : (
        <EmailDetail email={detail.data} />
      )}
    </Modal>
  );
}

function EmailDetail({ email }: { email: OperatorEmail }) {
  // One body at a time: the text as sent, or the HTML rendered in a sandboxed frame.
  const [body, setBody] = useState<"text" | "html">("text");
  return (
    <div className="email-detail" data-testid="email-detail">
      <dl className="facts email-facts">
        <div>
          <dt>From</dt>
          <dd data-testid="email-from">{email.from}</dd>
        </div>
        <div>
          <dt>To</dt>
          <dd data-testid="email-to">{email.recipient}</dd>
        </div>
        <div>
          <dt>Subject</dt>
          <dd>{email.subject}</dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>{dateTime(email.sentAt ?? email.createdAt)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <EmailStatus email={email} />
            {email.error ? <span className="muted small"> {email.error}</span> : null}
          </dd>
        </div>
        {email.organizationId ? (
          <div>
            <dt>Organization</dt>
            <dd>
              <code className="email-file">{email.organizationId}</code>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Template</dt>
          <dd>
            <code>{email.template}</code>
          </dd>
        </div>
        {email.file ? (
          <div>
            <dt>Written to</dt>
            <dd>
              <code className="email-file" data-testid="email-file">
                {email.file}
              </code>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Attachments</dt>
          <dd data-testid="email-attachments">
            {email.attachments === null ? (
              <span className="muted">Not recorded{email.file ? "" : " (sent through SMTP)"}</span>
            ) : email.attachments.length === 0 ? (
              "None"
            ) : (
              <ul className="plain-list">
                {email.attachments.map((attachment, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the message's attachments never change; two may share a name
                  <li key={index}>
                    {attachment.filename || "(no name)"}{" "}
                    <span className="muted small">
                      {attachment.contentType}, {count(Math.max(1, Math.round(attachment.size / 1024)))} KB
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      <div className="body-head">
        <h3 className="subheading">Body</h3>
        <fieldset className="segmented">
          <legend className="visually-hidden">Body shown</legend>
          {(["text", "html"] as const).map((shown) => (
            <button
              key={shown}
              type="button"
              className="segment"
              aria-pressed={body === shown}
              onClick={() => setBody(shown)}
            >
              {shown === "text" ? "Text" : "HTML"}
            </button>
          ))}
        </fieldset>
      </div>
      {body === "text" ? (
        <pre className="email-text" data-testid="email-text">
          {email.text}
        </pre>
      ) : (
        // sandbox="": no scripts, no forms, no same origin, no navigation; the page's CSP applies too.
        <iframe
          className="email-html"
          title={`HTML body of “${email.subject}”`}
          sandbox=""
          srcDoc={email.html}
          referrerPolicy="no-referrer"
          data-testid="email-html"
        />
      )}
    </div>
  );
}
