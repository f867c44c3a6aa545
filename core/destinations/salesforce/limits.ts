/**
 * Bulk API 2.0's documented ingest limits, each with its page.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_common_limits.htm
 * (mirrored per release, e.g. https://developer.salesforce.com/docs/atlas.en-us.228.0.api_bulk_v2.meta/api_bulk_v2/bulk_api_2_limits.htm)
 */

/**
 * Maximum file size 150 MB; the upload is base64-encoded on Salesforce's side, so Salesforce
 * advises at most 100 MB of CSV per upload. One upload per job.
 */
export const SALESFORCE_MAX_UPLOAD_BYTES = 100_000_000;
/** Maximum number of characters in a field. */
export const SALESFORCE_MAX_FIELD_CHARS = 32_000;
/** Maximum number of fields in a record. */
export const SALESFORCE_MAX_FIELDS = 5_000;
/** Maximum number of characters in a record. */
export const SALESFORCE_MAX_RECORD_CHARS = 400_000;

/**
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm:
 * a SOQL statement is at most 100,000 characters; the lookups stay far below, so the GET URL
 * stays short too.
 */
export const SOQL_LOOKUP_CHARS = 8_000;
