import { join } from "node:path";
import { webPaths } from "../../core/web-paths.js";
import type { Caches } from "../cache/caches.js";
import type { Clock } from "../clock.js";
import { type Config, publicOrigin } from "../config.js";
import type { Database } from "../db/client.js";
import { documentPdf } from "../modules/invoices/invoices.service.js";
import { activeMailboxes } from "../modules/users/users.repository.js";
import { findEndpoint } from "../modules/webhooks/webhooks.repository.js";
import { startDeliveryWorker } from "./delivery-worker.js";
import { insertMail, planMail, planRenewalReminders } from "./mail-planner.js";
import { createMailSender, type MailAttachment, type MailMessage, sendDueMail } from "./mail-sender.js";
import { templates } from "./mail-templates.js";
import type { WebhookDeliveryOptions } from "./webhook-delivery.js";

/** A receipt carries its invoice's or credit note's PDF, named with the display number. */
function receiptAttachments(db: Database, now: () => Date) {
  return async (message: MailMessage): Promise<MailAttachment[]> => {
    if (!message.document || !message.organizationId) return [];
    const document = await documentPdf(db, message.organizationId, message.document, now());
    return document
      ? [{ filename: document.filename, content: document.pdf, contentType: "application/pdf" }]
      : [];
  };
}

interface Logger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface EventsDeps {
  db: Database;
  /** The billing clock: renewal reminders follow it. */
  clock: Clock;
  config: Pick<
    Config,
    | "DATA_DIR"
    | "PORT"
    | "PUBLIC_URL"
    | "SMTP_URL"
    | "MAIL_FROM"
    | "RENEWAL_REMINDER_DAYS"
    | "EVENT_POLL_MS"
    | "WEBHOOK_DISABLE_AFTER_FAILURES"
    | "WEBHOOK_TIMEOUT_MS"
    | "WEBHOOK_LEASE_MS"
    | "WEBHOOK_ALLOW_PRIVATE_NETWORKS"
  >;
  caches?: Pick<Caches, "events">;
  log?: Logger;
  /** Wall time for retries and leases (tests move it). */
  now?: () => Date;
  webhookOptions?: Partial<WebhookDeliveryOptions>;
  attachmentsOf?: (message: MailMessage) => Promise<MailAttachment[]>;
  /** How often renewal reminders are looked for (every minute; tests: every pass). */
  reminderIntervalMs?: number;
}

export interface EventDelivery {
  wake(): void;
  /** Runs the e-mail step once now and waits until webhook delivery is idle (tests, benchmarks). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Event delivery of this process: the webhook worker, the e-mail step (plan messages from new
 * events and renewal reminders, then send them) and the wake-up the after-commit owner calls.
 */
export function startEventDelivery(deps: EventsDeps): EventDelivery {
  const now = deps.now ?? (() => new Date());
  const publicUrl = publicOrigin(deps.config);
  const sender = createMailSender({
    smtpUrl: deps.config.SMTP_URL,
    from: deps.config.MAIL_FROM,
    outboxDir: join(deps.config.DATA_DIR, "mail"),
    attachmentsOf: deps.attachmentsOf ?? receiptAttachments(deps.db, now),
    ...(deps.log ? { log: deps.log } : {}),
  });

  let mailRunning: Promise<void> | undefined;
  let mailAgain = false;
  let lastReminders = Number.NEGATIVE_INFINITY;
  let stopped = false;
  const mailPass = async () => {
    do {
      mailAgain = false;
      try {
        while ((await planMail(deps.db, { now: now(), publicUrl })).events > 0 && !stopped) {}
        if (performance.now() - lastReminders >= (deps.reminderIntervalMs ?? 60_000)) {
          lastReminders = performance.now();
          await planRenewalReminders(deps.db, {
            now: deps.clock.now(),
            wallNow: now(),
            days: deps.config.RENEWAL_REMINDER_DAYS,
            publicUrl,
          });
        }
        while ((await sendDueMail(deps.db, sender, { now })).claimed > 0 && !stopped) {}
      } catch (error) {
        deps.log?.error({ err: error }, "e-mail step failed, retrying on the next tick");
      }
    } while (mailAgain && !stopped);
  };
  const runMail = () => {
    if (stopped) return Promise.resolve();
    if (mailRunning) {
      mailAgain = true;
      return mailRunning;
    }
    mailRunning = mailPass().finally(() => {
      mailRunning = undefined;
    });
    return mailRunning;
  };

  const worker = startDeliveryWorker({
    db: deps.db,
    now,
    pollMs: deps.config.EVENT_POLL_MS,
    options: {
      timeoutMs: Math.min(deps.config.WEBHOOK_TIMEOUT_MS, deps.config.WEBHOOK_LEASE_MS / 2),
      leaseMs: deps.config.WEBHOOK_LEASE_MS,
      disableAfterFailures: deps.config.WEBHOOK_DISABLE_AFTER_FAILURES,
      allowPrivateNetworks: deps.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      ...deps.webhookOptions,
    },
    onTick: () => runMail(),
    ...(deps.log ? { log: deps.log } : {}),
    onEndpointDisabled: (endpoint) => void tellOwner(endpoint),
  });

  const tellOwner = async (endpoint: { id: string; organizationId: string | null; url: string }) => {
    if (!endpoint.organizationId) {
      deps.log?.warn(
        { endpointId: endpoint.id, url: endpoint.url },
        "the operator's webhook endpoint was disabled",
      );
      return;
    }
    try {
      const [owned, mailboxes] = await Promise.all([
        findEndpoint(deps.db, { organizationId: endpoint.organizationId }, endpoint.id),
        activeMailboxes(deps.db, [endpoint.organizationId]),
      ]);
      const admins = mailboxes.get(endpoint.organizationId)?.admins ?? [];
      const at = now();
      await insertMail(
        deps.db,
        admins.map((email) => ({
          organizationId: endpoint.organizationId,
          dedupeKey: `endpoint-disabled:${endpoint.id}:${at.getTime()}:${email}`,
          template: "webhook_endpoint_disabled",
          recipient: email,
          ...templates.endpointDisabled({
            url: endpoint.url,
            reason: owned?.disabledReason ?? "repeated failures",
            settingsUrl: `${publicUrl}${webPaths.webhooks}`,
          }),
        })),
        at,
      );
      void runMail();
    } catch (error) {
      deps.log?.error({ err: error }, "could not tell the owner of a disabled endpoint");
    }
  };

  // Commits come by the hundred a second: the e-mail step looks at most every 50 ms.
  let mailTimer: NodeJS.Timeout | undefined;
  const delivery: EventDelivery = {
    wake() {
      worker.wake();
      if (mailTimer || stopped) return;
      mailTimer = setTimeout(() => {
        mailTimer = undefined;
        void runMail();
      }, 50);
    },
    async settle() {
      await runMail();
      await worker.idle();
      await runMail();
    },
    async stop() {
      stopped = true;
      if (mailTimer) clearTimeout(mailTimer);
      await worker.stop();
      await mailRunning;
      sender.close();
      if (deps.caches?.events === delivery) deps.caches.events = undefined;
    },
  };
  if (deps.caches) deps.caches.events = delivery;
  return delivery;
}
