ALTER TABLE "invoice_number_sequence" ADD COLUMN "last_issued_at" timestamp with time zone;--> statement-breakpoint
-- hand-written (decision 0079, continued): numbers follow issue dates whichever process or batch
-- reserves first. The counter row, locked by whoever takes numbers, carries the latest issue
-- date; an invoice inserted after it is dated no earlier (invoiceWrites reads it with the lock).
UPDATE invoice_number_sequence SET last_issued_at = (SELECT max(issued_at) FROM invoices) WHERE id = 1;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION invoices_latest_issue_date() RETURNS trigger AS $$
BEGIN
  UPDATE invoice_number_sequence s
  SET last_issued_at = GREATEST(s.last_issued_at, latest.issued_at)
  FROM (SELECT max(issued_at) AS issued_at FROM issued_rows) latest
  WHERE s.id = 1 AND latest.issued_at IS NOT NULL
    AND (s.last_issued_at IS NULL OR latest.issued_at > s.last_issued_at);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER invoices_latest_issue_date AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS issued_rows
  FOR EACH STATEMENT EXECUTE FUNCTION invoices_latest_issue_date();
