import type { FastifyRequest } from 'fastify';
import type { CustomerStatus } from '../../../../domain/customer/customer.js';
import { ACTION_SOURCES } from '../../../../domain/customer/status-machine.js';
import type { LifecycleAction } from '../../../../services/customers/customer-service.js';
import { type Html, html } from '../../html.js';
import { csrfField } from '../../layout.js';
import { customerPath } from './format.js';

/** Longest reason kept in the history (as the API's comment). */
export const REASON_MAX_LENGTH = 1000;

interface ActionCopy {
  readonly button: string;
  /** Used in the reason's label: "Reason for …". */
  readonly doing: string;
  /** The notice after it was done. */
  readonly done: string;
  readonly help: string;
  readonly danger?: boolean;
  readonly confirm?: string;
}

/** The lifecycle actions an admin takes from the console, in the order they are offered. */
export const CONSOLE_ACTIONS: Readonly<Record<LifecycleAction, ActionCopy>> = {
  suspend: {
    button: 'Suspend customer',
    doing: 'suspending',
    done: 'Customer suspended.',
    help: 'The customer can neither send nor receive until an admin reinstates it.',
    danger: true,
  },
  reinstate: { button: 'Reinstate customer', doing: 'reinstating', done: 'Customer reinstated.', help: 'Returns the customer to its status before the suspension.' },
  deactivate: {
    button: 'Deactivate customer',
    doing: 'deactivating',
    done: 'Customer deactivated.',
    help: 'The customer can neither send nor receive until reactivated.',
    danger: true,
  },
  reactivate: { button: 'Reactivate customer', doing: 'reactivating', done: 'Customer reactivated.', help: 'Returns the customer to its status before deactivation.' },
  close: {
    button: 'Close customer',
    doing: 'closing',
    done: 'Customer closed.',
    help: 'Closes the customer for good; this cannot be undone.',
    danger: true,
    confirm: 'Close this customer for good? This cannot be undone.',
  },
};

export function isConsoleAction(value: string): value is LifecycleAction {
  return Object.hasOwn(CONSOLE_ACTIONS, value);
}

/** The actions the status machine allows from this status (the others would only be refused). */
export function actionsFor(status: CustomerStatus): LifecycleAction[] {
  return (Object.keys(CONSOLE_ACTIONS) as LifecycleAction[]).filter((action) => ACTION_SOURCES[action].includes(status));
}

/** The admin's forms, one per allowed action, each asking for the reason that goes into the history. */
export function actionsSection(request: FastifyRequest, customerId: string, status: CustomerStatus): Html {
  const actions = actionsFor(status);
  return html`<section class="card" aria-labelledby="actions-heading">
<h2 id="actions-heading">Admin actions</h2>
${actions.length === 0
    ? html`<p class="muted">No action applies to a customer in status ${status}.</p>`
    : html`<div class="grid">${actions.map((action) => actionForm(request, customerId, action))}</div>`}
</section>`;
}

function actionForm(request: FastifyRequest, customerId: string, action: LifecycleAction): Html {
  const copy = CONSOLE_ACTIONS[action];
  const reasonId = `reason-${action}`;
  return html`<form class="stack" method="post" action="${customerPath(customerId)}/actions/${action}"${copy.confirm ? html` data-confirm="${copy.confirm}"` : ''}>
${csrfField(request)}
<label for="${reasonId}">Reason for ${copy.doing} (required)</label>
<textarea id="${reasonId}" name="reason" aria-required="true" maxlength="${REASON_MAX_LENGTH}"></textarea>
${action === 'suspend' ? html`<label class="check"><input type="checkbox" name="fraud" value="yes"> Suspected fraud</label>` : ''}
<p class="muted">${copy.help}</p>
<div><button type="submit"${copy.danger ? html` class="danger"` : ''}>${copy.button}</button></div>
</form>`;
}
