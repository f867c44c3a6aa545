import type { DestinationField } from '../types.js';

/**
 * Braze's user profile fields, which `/users/track` stores on the predefined profile field
 * instead of creating a custom attribute. Braze has no endpoint listing them: this is the fixed
 * list of https://www.braze.com/docs/api/objects_filters/user_attributes_object/ ("Braze user
 * profile fields") and https://www.braze.com/docs/user_guide/data/activation/attributes/standard_attributes/
 * (names are case sensitive, lowercase). Identifiers are left out: Ebb sends the record's id as
 * `external_id` itself. None is required: any custom attribute name is accepted as well.
 */
const PROFILE_FIELDS: readonly [name: string, label: string, type: string][] = [
  ['first_name', 'First name', 'string'],
  ['last_name', 'Last name', 'string'],
  ['email', 'Email address', 'string'],
  ['phone', 'Phone number (E.164)', 'string'],
  ['dob', 'Date of birth (YYYY-MM-DD)', 'string'],
  ['gender', 'Gender (M, F, O, N, P or null)', 'string'],
  ['country', 'Country (ISO 3166-1 alpha-2)', 'string'],
  ['home_city', 'Home city', 'string'],
  ['language', 'Language (ISO 639-1)', 'string'],
  ['time_zone', 'Time zone (IANA name)', 'string'],
  ['current_location', 'Current location {latitude, longitude}', 'object'],
  ['email_subscribe', 'Email subscription (opted_in, subscribed, unsubscribed)', 'string'],
  ['push_subscribe', 'Push subscription (opted_in, subscribed, unsubscribed)', 'string'],
  ['email_open_tracking_disabled', 'Email open tracking disabled', 'boolean'],
  ['email_click_tracking_disabled', 'Email click tracking disabled', 'boolean'],
  ['marked_email_as_spam_at', 'Marked email as spam at', 'time'],
  ['date_of_first_session', 'Date of first session', 'time'],
  ['date_of_last_session', 'Date of last session', 'time'],
  ['facebook', 'Facebook profile {id, likes, num_friends}', 'object'],
  ['twitter', 'Twitter profile {id, screen_name, followers_count…}', 'object'],
];

export const BRAZE_STANDARD_ATTRIBUTES: readonly DestinationField[] = PROFILE_FIELDS.map(
  ([name, label, type]) => ({ name, label, type, required: false }),
);
