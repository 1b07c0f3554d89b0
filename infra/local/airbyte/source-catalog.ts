// What each source connector offers in the sandbox: its streams (named as the real connectors name
// them), their fields and types, primary keys, cursors and sync modes, and how record `i` of each
// stream looks. Records are deterministic (see synthetic-people.ts); the person-based streams read
// overlapping windows of the same people, so emails recur across sources.
import type { SourceSyncMode } from './sync-modes';
import { between, choose, person, recordTimes, token } from './synthetic-people';

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'object';

export interface StreamDefinition {
  name: string;
  /** Namespace the source reports (databases only). */
  namespace?: string;
  fields: Record<string, FieldType>;
  primaryKey: string[][];
  /** The cursor the source defines; absent when the user must choose one (database tables). */
  cursor?: string;
  syncModes: SourceSyncMode[];
  /** How many records the source holds before any are added on purpose. */
  baseCount: number;
  record(i: number): Record<string, unknown>;
}

const BOTH: SourceSyncMode[] = ['full_refresh', 'incremental'];
const FULL_ONLY: SourceSyncMode[] = ['full_refresh'];

const iso = (d: Date): string => d.toISOString();
const epoch = (d: Date): number => Math.floor(d.getTime() / 1000);

const stripe: StreamDefinition[] = [
  {
    name: 'customers',
    fields: { id: 'string', object: 'string', email: 'string', name: 'string', currency: 'string', balance: 'integer', livemode: 'boolean', created: 'integer', updated: 'integer' },
    primaryKey: [['id']],
    cursor: 'updated',
    syncModes: BOTH,
    baseCount: 40,
    record(i) {
      const p = person(i);
      const t = recordTimes(i);
      return {
        id: `cus_${token(`stripe-customer-${i}`, 14)}`,
        object: 'customer',
        email: p.email,
        name: `${p.firstName} ${p.lastName}`,
        currency: 'usd',
        balance: 0,
        livemode: false,
        created: epoch(t.created),
        updated: epoch(t.updated),
      };
    },
  },
  {
    name: 'charges',
    fields: { id: 'string', object: 'string', amount: 'integer', currency: 'string', customer: 'string', receipt_email: 'string', status: 'string', paid: 'boolean', created: 'integer', updated: 'integer' },
    primaryKey: [['id']],
    cursor: 'updated',
    syncModes: BOTH,
    baseCount: 60,
    record(i) {
      const buyer = i % 40;
      const status = choose(`stripe-charge-status-${i}`, ['succeeded', 'succeeded', 'succeeded', 'failed']);
      const t = recordTimes(i);
      return {
        id: `ch_${token(`stripe-charge-${i}`, 24)}`,
        object: 'charge',
        amount: between(`stripe-charge-amount-${i}`, 5, 500) * 100,
        currency: 'usd',
        customer: `cus_${token(`stripe-customer-${buyer}`, 14)}`,
        receipt_email: person(buyer).email,
        status,
        paid: status === 'succeeded',
        created: epoch(t.created),
        updated: epoch(t.updated),
      };
    },
  },
];

const salesforce: StreamDefinition[] = [
  {
    name: 'Contact',
    fields: { Id: 'string', Email: 'string', FirstName: 'string', LastName: 'string', AccountId: 'string', MailingCountry: 'string', CreatedDate: 'timestamp', SystemModstamp: 'timestamp' },
    primaryKey: [['Id']],
    cursor: 'SystemModstamp',
    syncModes: BOTH,
    baseCount: 45,
    record(i) {
      const p = person(i + 20);
      const t = recordTimes(i);
      return {
        Id: `003${token(`sf-contact-${i}`, 15)}`,
        // CRM data is typed by hand: capitalised emails, which is why a unified model lowercases them.
        Email: i % 3 === 0 ? p.email.replace(/^./, (c) => c.toUpperCase()) : p.email,
        FirstName: p.firstName,
        LastName: p.lastName,
        AccountId: `001${token(`sf-account-${i % 12}`, 15)}`,
        MailingCountry: p.country,
        CreatedDate: iso(t.created),
        SystemModstamp: iso(t.updated),
      };
    },
  },
  {
    name: 'Account',
    fields: { Id: 'string', Name: 'string', Industry: 'string', BillingCountry: 'string', NumberOfEmployees: 'integer', CreatedDate: 'timestamp', SystemModstamp: 'timestamp' },
    primaryKey: [['Id']],
    cursor: 'SystemModstamp',
    syncModes: BOTH,
    baseCount: 12,
    record(i) {
      const p = person(i * 5);
      const t = recordTimes(i);
      return {
        Id: `001${token(`sf-account-${i}`, 15)}`,
        Name: i < 8 ? p.company : `${p.company} ${i}`,
        Industry: choose(`sf-industry-${i}`, ['Technology', 'Finance', 'Retail', 'Healthcare', 'Manufacturing']),
        BillingCountry: p.country,
        NumberOfEmployees: between(`sf-employees-${i}`, 10, 5000),
        CreatedDate: iso(t.created),
        SystemModstamp: iso(t.updated),
      };
    },
  },
];

const zendesk: StreamDefinition[] = [
  {
    name: 'tickets',
    fields: { id: 'integer', subject: 'string', status: 'string', priority: 'string', requester_id: 'integer', via: 'object', created_at: 'timestamp', updated_at: 'timestamp' },
    primaryKey: [['id']],
    cursor: 'updated_at',
    syncModes: BOTH,
    baseCount: 50,
    record(i) {
      const t = recordTimes(i);
      return {
        id: 1000 + i,
        subject: choose(`zd-subject-${i}`, ['Cannot sign in', 'Invoice question', 'Feature request', 'Export is slow', 'Webhook failing']),
        status: choose(`zd-status-${i}`, ['new', 'open', 'pending', 'solved', 'closed']),
        priority: choose(`zd-priority-${i}`, ['low', 'normal', 'high', 'urgent']),
        requester_id: 360000 + ((i * 7) % 40),
        via: { channel: choose(`zd-channel-${i}`, ['email', 'web', 'api']) },
        created_at: iso(t.created),
        updated_at: iso(t.updated),
      };
    },
  },
  {
    name: 'users',
    fields: { id: 'integer', name: 'string', email: 'string', role: 'string', created_at: 'timestamp', updated_at: 'timestamp' },
    primaryKey: [['id']],
    cursor: 'updated_at',
    syncModes: BOTH,
    baseCount: 40,
    record(i) {
      const p = person(i + 10);
      const t = recordTimes(i);
      return { id: 360000 + i, name: `${p.firstName} ${p.lastName}`, email: p.email, role: i < 3 ? 'agent' : 'end-user', created_at: iso(t.created), updated_at: iso(t.updated) };
    },
  },
];

// The Zoom connector offers full refresh only.
const zoom: StreamDefinition[] = [
  {
    name: 'users',
    fields: { id: 'string', email: 'string', first_name: 'string', last_name: 'string', type: 'integer', status: 'string', created_at: 'timestamp' },
    primaryKey: [['id']],
    syncModes: FULL_ONLY,
    baseCount: 15,
    record(i) {
      const p = person(i + 60);
      return { id: token(`zoom-user-${i}`, 22), email: p.email, first_name: p.firstName, last_name: p.lastName, type: 2, status: 'active', created_at: iso(recordTimes(i).created) };
    },
  },
  {
    name: 'webinar_registrants',
    fields: { id: 'string', webinar_id: 'integer', email: 'string', first_name: 'string', last_name: 'string', status: 'string', create_time: 'timestamp' },
    primaryKey: [['id'], ['webinar_id']],
    syncModes: FULL_ONLY,
    baseCount: 55,
    record(i) {
      const p = person(i + 30);
      return {
        id: token(`zoom-registrant-${i}`, 22),
        webinar_id: 81234567000 + (i % 3),
        email: p.email,
        first_name: p.firstName,
        last_name: p.lastName,
        status: choose(`zoom-reg-${i}`, ['approved', 'approved', 'pending']),
        create_time: iso(recordTimes(i).created),
      };
    },
  },
];

const hubspot: StreamDefinition[] = [
  {
    name: 'contacts',
    fields: { id: 'string', properties_email: 'string', properties_firstname: 'string', properties_lastname: 'string', properties_company: 'string', archived: 'boolean', createdAt: 'timestamp', updatedAt: 'timestamp' },
    primaryKey: [['id']],
    cursor: 'updatedAt',
    syncModes: BOTH,
    baseCount: 50,
    record(i) {
      const p = person(i + 5);
      const t = recordTimes(i);
      return {
        id: String(51000 + i),
        properties_email: p.email,
        properties_firstname: p.firstName,
        properties_lastname: p.lastName,
        properties_company: p.company,
        archived: false,
        createdAt: iso(t.created),
        updatedAt: iso(t.updated),
      };
    },
  },
];

// A database source: the user picks the cursor column; the tables live in `public`.
const postgres: StreamDefinition[] = [
  {
    name: 'customers',
    namespace: 'public',
    fields: { id: 'integer', email: 'string', full_name: 'string', country: 'string', created_at: 'timestamp', updated_at: 'timestamp' },
    primaryKey: [['id']],
    syncModes: BOTH,
    baseCount: 40,
    record(i) {
      const p = person(i + 15);
      const t = recordTimes(i);
      return { id: i + 1, email: p.email, full_name: `${p.firstName} ${p.lastName}`, country: p.country, created_at: iso(t.created), updated_at: iso(t.updated) };
    },
  },
  {
    name: 'orders',
    namespace: 'public',
    fields: { id: 'integer', customer_id: 'integer', amount: 'number', status: 'string', created_at: 'timestamp', updated_at: 'timestamp' },
    primaryKey: [['id']],
    syncModes: BOTH,
    baseCount: 80,
    record(i) {
      const t = recordTimes(i);
      return {
        id: i + 1,
        customer_id: (i % 40) + 1,
        amount: between(`pg-order-${i}`, 500, 50000) / 100,
        status: choose(`pg-order-status-${i}`, ['paid', 'paid', 'refunded', 'pending']),
        created_at: iso(t.created),
        updated_at: iso(t.updated),
      };
    },
  },
];

const faker: StreamDefinition[] = [
  {
    name: 'users',
    fields: { id: 'integer', email: 'string', name: 'string', title: 'string', age: 'integer', nationality: 'string', created_at: 'timestamp', updated_at: 'timestamp' },
    primaryKey: [['id']],
    cursor: 'updated_at',
    syncModes: BOTH,
    baseCount: 30,
    record(i) {
      const p = person(i);
      const t = recordTimes(i);
      return {
        id: i + 1,
        email: p.email,
        name: `${p.firstName} ${p.lastName}`,
        title: choose(`faker-title-${i}`, ['Dr.', 'Mr.', 'Ms.', 'Mx.']),
        age: between(`faker-age-${i}`, 19, 77),
        nationality: p.country,
        created_at: iso(t.created),
        updated_at: iso(t.updated),
      };
    },
  },
  {
    name: 'products',
    fields: { id: 'integer', make: 'string', model: 'string', year: 'integer', price: 'number', created_at: 'timestamp', updated_at: 'timestamp' },
    primaryKey: [['id']],
    cursor: 'updated_at',
    syncModes: BOTH,
    baseCount: 25,
    record(i) {
      const t = recordTimes(i);
      return {
        id: i + 1,
        make: choose(`faker-make-${i}`, ['Mazda', 'Volvo', 'Tesla', 'Fiat', 'Subaru']),
        model: `Model ${token(`faker-model-${i}`, 3).toUpperCase()}`,
        year: between(`faker-year-${i}`, 2001, 2025),
        price: between(`faker-price-${i}`, 9000, 90000) + 0.99,
        created_at: iso(t.created),
        updated_at: iso(t.updated),
      };
    },
  },
];

export const SOURCE_STREAMS: Readonly<Record<string, StreamDefinition[]>> = {
  stripe,
  salesforce,
  'zendesk-support': zendesk,
  zoom,
  hubspot,
  postgres,
  faker,
};

export function streamsOf(sourceType: string): StreamDefinition[] {
  return SOURCE_STREAMS[sourceType] ?? [];
}

/** A field's JSON schema as the connector's catalog declares it (nullable, Airbyte type hints). */
function fieldSchema(type: FieldType): Record<string, unknown> {
  if (type === 'timestamp') return { type: ['null', 'string'], format: 'date-time', airbyte_type: 'timestamp_with_timezone' };
  return { type: ['null', type] };
}

export function streamJsonSchema(stream: StreamDefinition): Record<string, unknown> {
  return {
    type: 'object',
    $schema: 'http://json-schema.org/draft-07/schema#',
    properties: Object.fromEntries(Object.entries(stream.fields).map(([name, type]) => [name, fieldSchema(type)])),
  };
}
