import type { FastifyRequest } from 'fastify';
import { OPERATOR_PASSWORD_MIN_LENGTH, OPERATOR_ROLES, type Operator } from '../../../../domain/operator.js';
import { type Html, html } from '../../html.js';
import { csrfField } from '../../layout.js';
import { when } from '../../format.js';

/** Every operator with disable/enable, a role change, an unlock and a password reset, and the form to create one. */
export function operatorsSection(request: FastifyRequest, operators: readonly Operator[], me: Operator): Html {
  return html`<section>
<h2>Operators</h2>
<table>
<thead><tr><th>Username</th><th>Role</th><th>Created</th><th>State</th><th>Actions</th><th>Reset password</th></tr></thead>
<tbody>
${operators.map((o) => operatorRow(request, o, me))}
</tbody>
</table>
<form class="card stack" method="post" action="/console/admin/operators">
<h3>Create operator</h3>
${csrfField(request)}
<label for="operator-username">Username</label>
<input type="text" id="operator-username" name="username" required autocomplete="off" aria-describedby="operator-username-hint">
<span class="muted" id="operator-username-hint">3–64 characters: lowercase letters, digits, dot, underscore or hyphen.</span>
<label for="operator-role">Role</label>
<select id="operator-role" name="role">
${OPERATOR_ROLES.map((role) => html`<option value="${role}">${role}</option>`)}
</select>
<label for="operator-password">Password</label>
<input type="password" id="operator-password" name="password" required minlength="${OPERATOR_PASSWORD_MIN_LENGTH}" autocomplete="new-password">
<span class="muted">At least ${OPERATOR_PASSWORD_MIN_LENGTH} characters.</span>
<button type="submit">Create operator</button>
</form>
</section>`;
}

function operatorRow(request: FastifyRequest, o: Operator, me: Operator): Html {
  const isMe = o.id === me.id;
  return html`<tr>
<td>${o.username}${isMe ? html` <span class="muted">(you)</span>` : ''}</td>
<td>${o.role}</td>
<td>${when(o.createdAt)}</td>
<td>${o.disabledAt ? html`<span class="badge badge-bad">disabled</span>` : html`<span class="badge badge-ok">active</span>`}</td>
<td>${isMe ? html`<span class="muted">—</span>` : html`${toggleForm(request, o)} ${roleForm(request, o)} ${unlockForm(request, o)}`}</td>
<td>
<form class="inline reset" method="post" action="/console/admin/operators/${o.id}/reset-password">
${csrfField(request)}
<label for="password-${o.id}">New password for ${o.username}</label>
<input type="password" id="password-${o.id}" name="password" required minlength="${OPERATOR_PASSWORD_MIN_LENGTH}" autocomplete="new-password">
<button type="submit" class="secondary">Reset password</button>
</form>
</td>
</tr>`;
}

function roleForm(request: FastifyRequest, o: Operator): Html {
  return html`<form class="inline" method="post" action="/console/admin/operators/${o.id}/role" data-confirm="${`Change the role of ${o.username}? They are signed out at once.`}">
${csrfField(request)}
<select name="role" aria-label="Role of ${o.username}">
${OPERATOR_ROLES.map((role) => (role === o.role ? html`<option value="${role}" selected>${role}</option>` : html`<option value="${role}">${role}</option>`))}
</select>
<button type="submit" class="secondary">Change role</button>
</form>`;
}

function unlockForm(request: FastifyRequest, o: Operator): Html {
  return html`<form class="inline" method="post" action="/console/admin/operators/${o.id}/unlock">
${csrfField(request)}
<button type="submit" class="secondary" title="${`Forget failed sign-ins of ${o.username} from every address`}">Unlock</button>
</form>`;
}

function toggleForm(request: FastifyRequest, o: Operator): Html {
  if (o.disabledAt) {
    return html`<form class="inline" method="post" action="/console/admin/operators/${o.id}/enable">
${csrfField(request)}
<button type="submit" class="secondary">Enable</button>
</form>`;
  }
  return html`<form class="inline" method="post" action="/console/admin/operators/${o.id}/disable" data-confirm="${`Disable ${o.username}? They are signed out at once and cannot sign in.`}">
${csrfField(request)}
<button type="submit" class="danger">Disable</button>
</form>`;
}
