// After the last restart: every acknowledged customer is there with what was sent, nothing is
// there that no client asked for, each customer is whole (its history and sealed data read), and
// an acknowledged create resent with its Idempotency-Key answers the same customer.
import type { Checker, CustomerView } from './crash-check.js';
import type { CustomerFields } from './crash-record.js';

const same = (customer: CustomerView, fields: CustomerFields) =>
  customer.email.toLowerCase() === fields.email.toLowerCase() &&
  customer.firstName === fields.firstName &&
  customer.lastName === fields.lastName &&
  customer.type === fields.type &&
  (fields.externalReference === undefined || customer.externalReference === fields.externalReference);

const shown = (customer: CustomerView) => JSON.stringify({ email: customer.email, firstName: customer.firstName, lastName: customer.lastName, type: customer.type, externalReference: customer.externalReference });

/** Checks the customers and returns every customer the server lists. */
export async function checkCustomers(check: Checker): Promise<CustomerView[]> {
  const { record } = check;
  const customers = await check.all<CustomerView>('/v1/customers');
  check.count('customers listed', customers.length);
  const byEmail = new Map<string, CustomerView[]>();
  for (const customer of customers) byEmail.set(customer.email.toLowerCase(), [...(byEmail.get(customer.email.toLowerCase()) ?? []), customer]);
  const byId = new Map(customers.map((c) => [c.id, c]));

  for (const [email, found] of byEmail) if (found.length > 1) check.fail(`${found.length} customers share the email ${email}`);

  for (const created of record.created.values()) {
    const customer = byId.get(created.id);
    if (!customer) check.fail(`acknowledged customer ${created.id} (${created.fields.email}) is missing`);
    else if (!same(customer, created.fields)) check.fail(`customer ${created.id} is ${shown(customer)}, created as ${JSON.stringify(created.fields)}`);
    else check.count('acknowledged creates found intact');
  }
  for (const fields of record.createsInDoubt) {
    const customer = byEmail.get(fields.email.toLowerCase())?.[0];
    if (customer && !same(customer, fields)) check.fail(`customer ${customer.id} from a create in doubt is ${shown(customer)}, sent as ${JSON.stringify(fields)}`);
    if (customer) check.count('creates in doubt that had committed');
  }
  for (const [email, upserted] of record.upserted) {
    const customer = byEmail.get(email.toLowerCase())?.[0];
    if (!customer) {
      if (upserted.acknowledged) check.fail(`acknowledged upsert of ${email} left no customer`);
      continue;
    }
    if (upserted.id !== undefined && customer.id !== upserted.id) check.fail(`${email} is customer ${customer.id}, upserts answered ${upserted.id}`);
    if (!upserted.candidates.some((fields) => same(customer, fields))) {
      check.fail(`${email} is ${shown(customer)}, not the last acknowledged upsert or one sent after it: ${JSON.stringify(upserted.candidates)}`);
    } else check.count(upserted.acknowledged ? 'upserted emails found as last written' : 'upserts in doubt that had committed');
  }

  // Nothing nobody asked for.
  const asked = new Set([...record.created.values()].map((c) => c.fields.email.toLowerCase()));
  for (const fields of record.createsInDoubt) asked.add(fields.email.toLowerCase());
  for (const email of record.upserted.keys()) asked.add(email.toLowerCase());
  for (const customer of customers) if (!asked.has(customer.email.toLowerCase())) check.fail(`customer ${customer.id} (${customer.email}) was never asked for`);

  // Whole: each one reads, with its history from its creation on.
  for (const customer of customers) {
    const one = await check.get<CustomerView>(`/v1/customers/${customer.id}`);
    const history = await check.get<{ data: Array<{ action: string }> }>(`/v1/customers/${customer.id}/history`);
    if (one && one.status !== customer.status) check.fail(`customer ${customer.id} reads ${one.status} alone, ${customer.status} in the list`);
    if (history && !history.data.some((line) => line.action === 'create')) check.fail(`customer ${customer.id} has no creation in its history`);
    check.count('customers read whole with their history');
  }
  await checkSealedData(check);
  await checkCreateReplays(check);
  return customers;
}

/** Dates of birth are sealed per customer; Veratad's getStatus opens them. */
async function checkSealedData(check: Checker): Promise<void> {
  for (const created of check.record.created.values()) {
    if (!created.dateOfBirth) continue;
    const answer = await check.veratad('getStatus', { email: created.fields.email });
    const dob = (answer?.target as { dob?: string } | undefined)?.dob;
    if (answer && dob !== created.dateOfBirth.replaceAll('-', '')) check.fail(`customer ${created.id}: date of birth reads ${dob}, sent ${created.dateOfBirth}`);
    else if (answer) check.count('sealed dates of birth read back');
  }
}

/** An acknowledged create resent with its key replays the first answer: the same customer, no second one. */
async function checkCreateReplays(check: Checker): Promise<void> {
  for (const created of check.record.created.values()) {
    if (!created.replay) continue;
    const reply = await check.server.request('POST', '/v1/customers', { token: check.tenant.token, json: created.replay.body, headers: { 'idempotency-key': created.replay.key } });
    const id = reply.answered ? (reply.body as { id?: string }).id : undefined;
    if (!reply.answered || reply.status !== 201 || id !== created.id || reply.headers.get('idempotent-replayed') !== 'true') {
      check.fail(`create of ${created.id} resent with its key: ${reply.answered ? `${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}` : reply.error}`);
    } else check.count('acknowledged creates replayed by their key');
  }
}
