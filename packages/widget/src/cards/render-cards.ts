import type { Card } from '@kepu/sdk/schema';
import { html, nothing, type TemplateResult } from 'lit';
import { format, type WidgetStrings } from '../i18n/strings.js';
import { safeUrl } from '../markdown/parse-markdown.js';
import { formatDate, formatRange } from './format-time.js';

export type EventCard = Extract<Card, { type: 'event' }>;
export type CardAction = 'register' | 'open' | 'map';

export interface CardContext {
  strings: WidgetStrings;
  lang: string;
  timeZone: string;
  /** A control on the card was used; `register` may be taken over by the page (`kepu-card-action`). */
  onAction(action: CardAction, card: Card, url?: string): void;
  /** The inline registration form (or its result) for an event card, when open. */
  registration(card: EventCard): TemplateResult | typeof nothing;
  /** True while the card shows its form or result: the register button then steps aside. */
  registering(card: EventCard): boolean;
}

const RATINGS = new Set(['false', 'misleading', 'mixed', 'true', 'unproven']);

/** One card per answer fact; each is an `<article>` whose heading names it for screen-reader navigation. */
export function renderCard(card: Card, ctx: CardContext): TemplateResult | typeof nothing {
  switch (card.type) {
    case 'rumour':
      return renderRumour(card, ctx);
    case 'event':
      return renderEvent(card, ctx);
    case 'place':
      return renderPlace(card, ctx);
    case 'opportunity':
      return renderOpportunity(card, ctx);
    default:
      return nothing;
  }
}

function link(ctx: CardContext, card: Card, url: string | undefined, label: string, action: CardAction = 'open') {
  const href = safeUrl(url);
  if (!href) return nothing;
  return html`<a
    href=${href}
    target="_blank"
    rel="noopener noreferrer"
    @click=${() => ctx.onAction(action, card, href)}
    >${label}</a
  >`;
}

function renderRumour(card: Extract<Card, { type: 'rumour' }>, ctx: CardContext) {
  const { strings } = ctx;
  const rating = RATINGS.has(card.rating) ? card.rating : 'unproven';
  const reviewers = (card.reviewedBy ?? []).map((r) => [r.name, r.title, r.institution].filter(Boolean).join(' · '));
  return html`<article class="card rumour" part="card card-rumour" aria-label=${`${card.ratingLabel}${strings.colon}${card.claim}`}>
    <p><span class="badge ${rating}" part="badge">${card.ratingLabel}</span></p>
    <h3><span class="sr-only">${strings.rumourClaim}${strings.colon}</span>${card.claim}</h3>
    <p><strong>${strings.rumourTruth}${strings.colon}</strong>${card.explanation}</p>
    <dl>
      ${
        reviewers.length > 0
          ? html`<dt>${strings.rumourReviewedBy}</dt>
              <dd>${reviewers.join('；')}</dd>`
          : nothing
      }
      ${
        card.dateReviewed
          ? html`<dt>${strings.rumourReviewedOn}</dt>
              <dd>${formatDate(card.dateReviewed, ctx.lang, ctx.timeZone)}</dd>`
          : nothing
      }
    </dl>
    ${
      (card.sources ?? []).length > 0
        ? html`<p class="status">${strings.sourcesLabel}${strings.colon}</p>
            <ul class="sources">
              ${card.sources.map((s) => {
                const href = safeUrl(s.url);
                const label = [s.title, s.publisher, s.date].filter(Boolean).join(' · ');
                return html`<li>
                  ${
                    href
                      ? html`<a
                          href=${href}
                          target="_blank"
                          rel="noopener noreferrer"
                          @click=${() => ctx.onAction('open', card, href)}
                          >${label}</a
                        >`
                      : label
                  }
                </li>`;
              })}
            </ul>`
        : nothing
    }
    <div class="actions">${link(ctx, card, card.url, strings.details)}</div>
  </article>`;
}

function renderEvent(card: EventCard, ctx: CardContext) {
  const { strings } = ctx;
  const seats =
    card.seatsLeft === null
      ? strings.eventNoLimit
      : card.seatsLeft <= 0
        ? strings.eventFull
        : format(strings.eventSeatsLeft, { n: card.seatsLeft });
  const place = card.venue
    ? [card.venue.district, card.venue.name, card.venue.address].filter(Boolean).join(' · ')
    : strings.eventOnline;
  const canRegister = card.registrationOpen && (card.seatsLeft === null || card.seatsLeft > 0);
  return html`<article class="card event" part="card card-event" aria-label=${card.title}>
    <h3>${card.title}</h3>
    <dl>
      <dt>${strings.labelTime}</dt>
      <dd>${formatRange(card.startsAt, card.endsAt, ctx.lang, ctx.timeZone)}</dd>
      <dt>${strings.labelPlace}</dt>
      <dd>${place}</dd>
      <dt>${strings.labelSeats}</dt>
      <dd>${seats}${card.free ? html` · ${strings.eventFree}` : nothing}</dd>
    </dl>
    ${card.reasons?.length ? html`<p class="status">${card.reasons.join('；')}</p>` : nothing}
    <div class="actions">
      ${
        ctx.registering(card)
          ? nothing
          : canRegister
            ? html`<button
              type="button"
              class="primary"
              part="button register-button"
              aria-label=${`${strings.eventRegister}${strings.colon}${card.title}`}
              @click=${() => ctx.onAction('register', card)}
            >
              ${strings.eventRegister}
            </button>`
            : html`<span class="status">${card.registrationOpen ? strings.eventFull : strings.eventRegistrationClosed}</span>`
      }
      ${link(ctx, card, card.url, strings.details)}
    </div>
    ${ctx.registration(card)}
  </article>`;
}

function renderPlace(card: Extract<Card, { type: 'place' }>, ctx: CardContext) {
  const { strings } = ctx;
  const hours =
    card.hoursToday === null
      ? strings.placeClosedToday
      : card.hoursToday
        ? `${strings.placeHoursToday} ${card.hoursToday}${card.openNow ? ` · ${strings.placeOpenNow}` : ''}`
        : undefined;
  return html`<article class="card place" part="card card-place" aria-label=${card.name}>
    <h3>${card.name}</h3>
    <p class="status">${[card.kind, card.district].filter(Boolean).join(' · ')}</p>
    <dl>
      ${hours ? html`<dt>${strings.labelHours}</dt><dd>${hours}</dd>` : nothing}
      ${card.address ? html`<dt>${strings.labelAddress}</dt><dd>${card.address}</dd>` : nothing}
    </dl>
    <div class="actions">
      ${link(ctx, card, card.mapUrl ?? mapUrlOf(card), strings.placeMap, 'map')} ${link(ctx, card, card.url, strings.details)}
    </div>
  </article>`;
}

/** Without a map link from the server, coordinates open in OpenStreetMap (no key, works everywhere). */
function mapUrlOf(card: Extract<Card, { type: 'place' }>): string | undefined {
  if (typeof card.lat !== 'number' || typeof card.lng !== 'number') return undefined;
  return `https://www.openstreetmap.org/?mlat=${card.lat}&mlon=${card.lng}#map=17/${card.lat}/${card.lng}`;
}

function renderOpportunity(card: Extract<Card, { type: 'opportunity' }>, ctx: CardContext) {
  const { strings } = ctx;
  return html`<article class="card opportunity" part="card card-opportunity" aria-label=${card.title}>
    <h3>${card.title}</h3>
    <dl>
      ${
        card.startsAt
          ? html`<dt>${strings.labelTime}</dt><dd>${formatDate(card.startsAt, ctx.lang, ctx.timeZone)}</dd>`
          : nothing
      }
      ${card.place ? html`<dt>${strings.labelPlace}</dt><dd>${card.place}</dd>` : nothing}
    </dl>
    ${
      typeof card.slotsLeft === 'number'
        ? html`<p class="status">${format(strings.opportunitySlotsLeft, { n: card.slotsLeft })}</p>`
        : nothing
    }
    <div class="actions">${link(ctx, card, card.url, strings.details)}</div>
  </article>`;
}
