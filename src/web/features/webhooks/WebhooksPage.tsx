// Loaded on demand: an admin's webhook endpoints (issue 16), Settings → Webhooks; the list and its
// dialogs are WebhookEndpoints, shared with the operator console.
import { PageHeader } from "../../components/PageHeader.js";
import { api } from "../../lib/api.js";
import { WebhookEndpoints } from "./WebhookEndpoints.js";

export default function WebhooksPage() {
  return (
    <div className="page">
      <PageHeader
        title="Webhooks"
        lead="Send your organization's billing events, signed, to your own systems as they happen."
      />
      <WebhookEndpoints client={api} owner="organization" />
    </div>
  );
}
