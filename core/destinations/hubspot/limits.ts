/**
 * HubSpot's documented limits the destination packs and rejects by, each with its page.
 */

/** https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts: batch endpoints take at most 100 inputs a request (also batch/read and batch/archive). */
export const HUBSPOT_INPUTS_PER_REQUEST = 100;

/** https://knowledge.hubspot.com/properties/property-field-types-in-hubspot: a text property value holds at most 65,536 characters. */
export const HUBSPOT_MAX_VALUE_CHARS = 65_536;
