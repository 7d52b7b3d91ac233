import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { countries } from "../../../core/countries.js";
import { Modal } from "../../components/Modal.js";
import { describedBy, ErrorState, Field, FormError, Loading, Options } from "../../components/ui.js";
import type { BillingInfo } from "../../lib/api.js";
import { ApiError, api } from "../../lib/api.js";
import { locale } from "../../lib/format.js";
import { keys, useBillingInfo } from "../../lib/queries.js";

interface FormValues {
  companyName: string;
  taxId: string;
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  region: string;
  country: string;
  billingEmail: string;
}

// API field names → the form's fields and the words the form uses for them.
const fields: Record<string, { key: keyof FormValues; label: string }> = {
  companyName: { key: "companyName", label: "Company name" },
  taxId: { key: "taxId", label: "Tax ID" },
  "address.line1": { key: "line1", label: "Address line 1" },
  "address.line2": { key: "line2", label: "Address line 2" },
  "address.city": { key: "city", label: "City" },
  "address.postalCode": { key: "postalCode", label: "Postal code" },
  "address.region": { key: "region", label: "State or region" },
  "address.country": { key: "country", label: "Country" },
  address: { key: "country", label: "Address" },
  billingEmail: { key: "billingEmail", label: "Billing email" },
};

function valuesOf(info: BillingInfo): FormValues {
  return {
    companyName: info.companyName,
    taxId: info.taxId ?? "",
    line1: info.address.line1 ?? "",
    line2: info.address.line2 ?? "",
    city: info.address.city ?? "",
    postalCode: info.address.postalCode ?? "",
    region: info.address.region ?? "",
    country: info.address.country ?? "",
    billingEmail: info.billingEmail,
  };
}

/**
 * "billingEmail: billingEmail must be a valid e-mail address." → "Billing email must be a valid
 * e-mail address.": the API names its fields; the form uses the labels beside them.
 */
function humanMessage(field: string, message: string) {
  const known = fields[field];
  const text = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  return known && text.startsWith(field) ? `${known.label}${text.slice(field.length)}` : text;
}

export function BillingInfoDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  canEdit: boolean;
  onSaved: () => void;
}) {
  return (
    <Modal
      open={props.open}
      onOpenChange={props.onOpenChange}
      title="Billing information"
      description="Company information, address and the billing email that receives invoices."
    >
      {props.open ? <BillingInfoForm {...props} /> : null}
    </Modal>
  );
}

function BillingInfoForm(props: {
  onOpenChange: (open: boolean) => void;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const info = useBillingInfo();
  if (info.isPending) return <Loading label="Loading billing information…" />;
  if (info.isError) return <ErrorState error={info.error} onRetry={() => info.refetch()} />;
  return <LoadedForm {...props} info={info.data} />;
}

function LoadedForm(props: {
  info: BillingInfo;
  onOpenChange: (open: boolean) => void;
  canEdit: boolean;
  onSaved: () => void;
}) {
  const client = useQueryClient();
  const [values, setValues] = useState(() => valuesOf(props.info));
  const [errors, setErrors] = useState<Partial<Record<keyof FormValues, string>>>({});
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);
  // Each refused save moves the focus to its first invalid field (or the form's error), in view.
  const [refusals, setRefusals] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  // Loaded after the dialog opened: the focus moves from × to the first field.
  useEffect(() => {
    if (!form.current?.contains(document.activeElement)) document.getElementById("bi-company")?.focus();
  }, []);
  useEffect(() => {
    if (refusals === 0) return;
    const target = form.current?.querySelector<HTMLElement>('[aria-invalid="true"], .form-error');
    if (!target) return;
    if (target.classList.contains("form-error")) target.tabIndex = -1;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }, [refusals]);
  const countryOptions = useMemo(() => {
    let names: Intl.DisplayNames | undefined;
    try {
      names = new Intl.DisplayNames([locale], { type: "region" });
    } catch {
      names = undefined;
    }
    return [...countries]
      .map((code) => ({ value: code, label: names?.of(code) ?? code }))
      .sort((a, b) => a.label.localeCompare(b.label, locale));
  }, []);

  const set = (key: keyof FormValues) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [key]: event.target.value }));
    if (errors[key]) setErrors((current) => ({ ...current, [key]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<keyof FormValues, string>> = {};
    if (!values.companyName.trim()) found.companyName = "Company name is required.";
    if (!values.billingEmail.trim()) found.billingEmail = "Billing email is required.";
    setErrors(found);
    setFormError(undefined);
    if (Object.keys(found).length > 0) {
      setRefusals((value) => value + 1);
      return;
    }
    setSaving(true);
    try {
      const saved = await api.put<BillingInfo>("/billing-info", {
        companyName: values.companyName,
        taxId: values.taxId.trim() || null,
        address: {
          line1: values.line1,
          line2: values.line2,
          city: values.city,
          postalCode: values.postalCode,
          region: values.region,
          country: values.country || null,
        },
        billingEmail: values.billingEmail,
      });
      client.setQueryData(keys.billingInfo, saved);
      // The billing address decides the VAT: the next invoice and any price shown are read again.
      void client.invalidateQueries({ queryKey: keys.subscription });
      client.removeQueries({ queryKey: ["subscription-preview"] });
      props.onSaved();
      props.onOpenChange(false);
    } catch (caught) {
      if (caught instanceof ApiError && caught.field && fields[caught.field]) {
        const target = fields[caught.field];
        if (target) setErrors({ [target.key]: humanMessage(caught.field, caught.message) });
      } else {
        setFormError(caught instanceof Error ? caught.message : "Saving failed.");
      }
      setRefusals((value) => value + 1);
    } finally {
      setSaving(false);
    }
  };

  const input = (key: keyof FormValues, id: string, extra: Record<string, unknown> = {}) => ({
    id,
    value: values[key],
    onChange: set(key),
    disabled: !props.canEdit,
    ...describedBy(id, errors[key]),
    ...extra,
  });

  return (
    <form ref={form} onSubmit={submit} noValidate className="billing-info-form">
      <fieldset className="form-section">
        <legend>Company</legend>
        <Field id="bi-company" label="Company name" error={errors.companyName}>
          <input {...input("companyName", "bi-company", { autoComplete: "organization" })} />
        </Field>
        <Field
          id="bi-tax-id"
          label="Tax ID"
          optional
          error={errors.taxId}
          hint="EU VAT numbers are checked for their country's format."
        >
          <input
            {...input("taxId", "bi-tax-id", {
              "aria-describedby": `bi-tax-id-hint${errors.taxId ? " bi-tax-id-error" : ""}`,
            })}
          />
        </Field>
      </fieldset>
      <fieldset className="form-section">
        <legend>Address</legend>
        <Field id="bi-line1" label="Address line 1" error={errors.line1}>
          <input {...input("line1", "bi-line1", { autoComplete: "address-line1" })} />
        </Field>
        <Field id="bi-line2" label="Address line 2" optional error={errors.line2}>
          <input {...input("line2", "bi-line2", { autoComplete: "address-line2" })} />
        </Field>
        <div className="field-row">
          <Field id="bi-city" label="City" error={errors.city}>
            <input {...input("city", "bi-city", { autoComplete: "address-level2" })} />
          </Field>
          <Field id="bi-postal" label="Postal code" error={errors.postalCode}>
            <input {...input("postalCode", "bi-postal", { autoComplete: "postal-code" })} />
          </Field>
        </div>
        <div className="field-row">
          <Field id="bi-region" label="State or region" optional error={errors.region}>
            <input {...input("region", "bi-region", { autoComplete: "address-level1" })} />
          </Field>
          <Field id="bi-country" label="Country" error={errors.country}>
            <select {...input("country", "bi-country", { autoComplete: "country" })}>
              <Options items={[{ value: "", label: "Choose a country" }, ...countryOptions]} />
            </select>
          </Field>
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>Invoices</legend>
        <Field
          id="bi-email"
          label="Billing email"
          error={errors.billingEmail}
          hint="Invoices and billing notices go to this address."
        >
          <input
            {...input("billingEmail", "bi-email", {
              type: "email",
              autoComplete: "email",
              "aria-describedby": `bi-email-hint${errors.billingEmail ? " bi-email-error" : ""}`,
            })}
          />
        </Field>
      </fieldset>
      <FormError error={formError} />
      <div className="modal-footer">
        <button type="button" className="button" onClick={() => props.onOpenChange(false)}>
          {props.canEdit ? "Cancel" : "Close"}
        </button>
        {props.canEdit ? (
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? "Saving…" : "Save"}
          </button>
        ) : null}
      </div>
    </form>
  );
}
