import { html, nothing, type TemplateResult } from 'lit';
import type { EventCard } from '../cards/render-cards.js';
import type { WidgetConnection } from '../chat/sdk-transport.js';
import type { WidgetStrings } from '../i18n/strings.js';

export interface RegistrationValues {
  name: string;
  mobile: string;
  partySize: number;
}

export type RegistrationState =
  | { phase: 'form'; errors: Partial<Record<keyof RegistrationValues | 'form', string>>; values?: RegistrationValues }
  | { phase: 'submitting'; errors: Record<string, never>; values: RegistrationValues }
  | { phase: 'done'; status: string; checkInCode: string; waitlistPosition: number | null; seats: number };

// The same rule as the server's RegistrationCreate schema, checked here first so typos are caught before sending.
const MOBILE = /^(\+?86)?1[3-9]\d{9}$/;

/** Reads and checks the form; returns the values or the message for each bad field. */
export function readRegistration(
  form: HTMLFormElement,
  strings: WidgetStrings,
): { values: RegistrationValues; errors?: Partial<Record<keyof RegistrationValues, string>> } {
  const get = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
  const name = get('name');
  const mobile = get('mobile').replace(/[\s-]/g, '');
  const partySize = Number(get('partySize') || '1');
  const errors: Partial<Record<keyof RegistrationValues, string>> = {};
  if (!name || name.length > 40) errors.name = strings.registerNameRequired;
  if (!MOBILE.test(mobile)) errors.mobile = strings.registerMobileHint;
  if (!Number.isInteger(partySize) || partySize < 1 || partySize > 20) errors.partySize = '1–20';
  const values = { name, mobile, partySize: Number.isFinite(partySize) ? partySize : 1 };
  return Object.keys(errors).length > 0 ? { values, errors } : { values };
}

export interface RegistrationView {
  strings: WidgetStrings;
  key: string;
  cancel(): void;
  submit(values: RegistrationValues): void;
  /** The form did not pass the checks: show `errors` beside the fields. */
  invalid(values: RegistrationValues, errors: Partial<Record<keyof RegistrationValues, string>>): void;
}

/** The inline form under an event card, then its result (status and check-in code). */
export function renderRegistration(card: EventCard, state: RegistrationState, view: RegistrationView): TemplateResult {
  const s = view.strings;
  if (state.phase === 'done') {
    const waitlisted = state.status === 'waitlisted' && state.waitlistPosition !== null;
    return html`<div class="register" role="status">
      <p class="success">${waitlisted ? `${s.registerWaitlisted} ${state.waitlistPosition}` : s.registerDone}</p>
      <p>${s.registerCheckInCode}${s.colon}<strong>${state.checkInCode}</strong></p>
    </div>`;
  }
  const errors: Partial<Record<string, string>> = state.errors;
  const busy = state.phase === 'submitting';
  const id = (field: string) => `kepu-${view.key}-${field}`;
  const invalid = (field: string) => (errors[field] ? 'true' : 'false');
  return html`<form
    class="register"
    data-key=${view.key}
    aria-label=${`${s.eventRegister}${s.colon}${card.title}`}
    novalidate
    @submit=${(e: SubmitEvent) => {
      e.preventDefault();
      const result = readRegistration(e.target as HTMLFormElement, s);
      if (!result.errors) view.submit(result.values);
      else view.invalid(result.values, result.errors);
    }}
  >
    <label for=${id('name')}>${s.registerName}
      <input id=${id('name')} name="name" autocomplete="name" maxlength="40" required aria-invalid=${invalid('name')}
        .value=${state.values?.name ?? ''} ?disabled=${busy} />
    </label>
    <label for=${id('mobile')}>${s.registerMobile}
      <input id=${id('mobile')} name="mobile" type="tel" inputmode="tel" autocomplete="tel" required
        aria-invalid=${invalid('mobile')} aria-describedby=${id('mobile-hint')}
        .value=${state.values?.mobile ?? ''} ?disabled=${busy} />
    </label>
    <span class=${errors.mobile ? 'field-error' : 'hint'} id=${id('mobile-hint')}>${s.registerMobileHint}</span>
    ${errors.name ? html`<span class="field-error">${s.registerNameRequired}</span>` : nothing}
    <label for=${id('party')}>${s.registerPartySize}
      <input id=${id('party')} name="partySize" type="number" min="1" max="20" inputmode="numeric"
        aria-invalid=${invalid('partySize')} .value=${String(state.values?.partySize ?? 1)} ?disabled=${busy} />
    </label>
    ${errors.form ? html`<p class="form-error" role="alert">${s.registerFailed}${errors.form}</p>` : nothing}
    <div class="actions">
      <button type="submit" class="primary" part="button" ?disabled=${busy}>${s.registerSubmit}</button>
      <button type="button" part="button" @click=${view.cancel}>${s.registerCancel}</button>
    </div>
  </form>`;
}

/**
 * Registers through the SDK and turns the outcome into the next state; a rejected registration keeps the form
 * with the server's message (full, closed, invalid mobile …).
 */
export async function submitRegistration(
  connection: WidgetConnection,
  card: EventCard,
  values: RegistrationValues,
): Promise<RegistrationState> {
  try {
    const created = await connection.withSession((client) =>
      client.registrations.create(card.id, card.occurrenceId, values),
    );
    return {
      phase: 'done',
      status: created.status,
      checkInCode: created.checkInCode,
      waitlistPosition: created.waitlistPosition,
      seats: created.status === 'confirmed' ? created.seats : 0,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { phase: 'form', errors: { form: message }, values };
  }
}
